package dev.spider.tdl.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.GenericType;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.internal.DecodeLimits;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Task inputs, outputs and contexts come from outside the process: their decoders refuse hostile
 * headers and nesting with a {@link CodecException}, never an {@code OutOfMemoryError} or a {@code
 * StackOverflowError} (docs/value-encodings.md, "Limits").
 */
class TdlCodecLimitsTest {

  private static final HexFormat HEX = HexFormat.of();

  /** Rust: {@code struct Chain { value: i64, next: Option<Box<Chain>> }}. */
  public record Chain(long value, Chain next) {}

  @Test
  void aChainAsDeepAsTheLimitDecodes() throws Exception {
    Chain chain = TdlCodec.of(Chain.class).decode(chain(DecodeLimits.MAX_DEPTH));
    int length = 0;
    for (Chain c = chain; c != null; c = c.next()) {
      length++;
    }
    assertEquals(DecodeLimits.MAX_DEPTH, length);
  }

  @Test
  void aDeeperChainIsRefusedWithoutOverflowingTheStack() {
    CodecException e =
        assertThrows(CodecException.class, () -> TdlCodec.of(Chain.class).decode(chain(100_000)));
    assertTrue(
        e.getMessage().contains("deeper than " + DecodeLimits.MAX_DEPTH + " levels"),
        e.getMessage());
  }

  @Test
  void hostileHeadersAreCodecErrorsWithoutAllocatingThem() {
    TdlCodec<Object> list = TdlCodec.ofType(new GenericType<List<List<Long>>>() {}.type());
    for (String hex : new String[] {"dd7fffffff", "df7fffffff", "c67ffffff0", "db7ffffff0"}) {
      CodecException e = assertThrows(CodecException.class, () -> list.decode(HEX.parseHex(hex)));
      assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }
    assertThrows(
        CodecException.class, () -> TdlCodec.of(byte[].class).decode(HEX.parseHex("c67ffffff0")));
  }

  @Test
  void aContextWithAHugeOutputsHeaderIsACodecError() {
    // [job, Commit, 1, 1, bin32 of ~2 GiB]
    byte[] ctx = HEX.parseHex("9501a6436f6d6d69740101c67ffffff0");
    CodecException e = assertThrows(CodecException.class, () -> TaskContext.decode(ctx));
    assertTrue(e.getMessage().startsWith("TaskContext: truncated"), e.getMessage());
  }

  @Test
  void aTimestampOutOfRangeIsACodecError() {
    byte[] ts = HEX.parseHex("c70cff000000007fffffffffffffff");
    assertThrows(CodecException.class, () -> TdlCodec.of(Long.class).decode(ts));
  }

  /** {@code depth} nested {@code [1, next]} arrays ending in nil. */
  private static byte[] chain(int depth) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < depth; i++) {
      out.write(0x92);
      out.write(0x01);
    }
    out.write(0xc0);
    return out.toByteArray();
  }
}
