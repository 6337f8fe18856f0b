package dev.spider.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.tdl.Version;
import dev.spider.tdl.internal.Msgpack;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written Hello encoding against msgpack-core's packer, value for value. */
class HelloCodecTest {

  /** Every boundary of msgpack's integer forms, on both sides. */
  private static final long[] BOUNDARIES = {
    0,
    1,
    127,
    128,
    255,
    256,
    65_535,
    65_536,
    4_294_967_295L,
    4_294_967_296L,
    Long.MAX_VALUE,
    -1,
    -32,
    -33,
    -128,
    -129,
    -32_768,
    -32_769,
    Integer.MIN_VALUE,
    Integer.MIN_VALUE - 1L,
    Long.MIN_VALUE,
    Integer.MAX_VALUE,
    Integer.MAX_VALUE + 1L
  };

  @Test
  void everyPidBoundaryEncodesAsThePackerDoes() {
    for (long pid : BOUNDARIES) {
      assertSameAsPacker(new Response.Hello(1, Version.CURRENT, pid));
    }
  }

  @Test
  void everyIntBoundaryOfVersionsEncodesAsThePackerDoes() {
    List<Integer> ints = new ArrayList<>();
    for (long b : BOUNDARIES) {
      if (b == (int) b) {
        ints.add((int) b);
      }
    }
    for (int v : ints) {
      assertSameAsPacker(new Response.Hello(v, Version.CURRENT, 4242));
      if (v >= 0) {
        assertSameAsPacker(new Response.Hello(1, new Version(v, 0, 0), 1));
        assertSameAsPacker(new Response.Hello(1, new Version(0, v, 0), 1));
        assertSameAsPacker(new Response.Hello(1, new Version(0, 0, v), 1));
      }
    }
  }

  @Test
  void randomHellosEncodeAsThePackerDoesAndDecodeBack() throws ProtocolException {
    SplittableRandom random = new SplittableRandom(20261130);
    for (int i = 0; i < 20_000; i++) {
      // Values of every width: random bits shifted right by a random amount.
      Response.Hello hello =
          new Response.Hello(
              random.nextInt() >>> random.nextInt(32),
              new Version(
                  random.nextInt() >>> random.nextInt(1, 32),
                  random.nextInt() >>> random.nextInt(1, 32),
                  random.nextInt() >>> random.nextInt(1, 32)),
              random.nextLong() >> random.nextInt(64)); // negative ones too

      assertSameAsPacker(hello);
      if (hello.protocolVersion() >= 0 && hello.pid() >= 0) {
        assertEquals(hello, ResponseCodec.decode(ResponseCodec.encode(hello)), hello.toString());
      }
    }
  }

  private static void assertSameAsPacker(Response.Hello hello) {
    byte[] packed =
        Msgpack.encode(
            p -> {
              p.packArrayHeader(4).packInt(Response.HELLO_TAG);
              HelloCodec.INSTANCE.writeFields(p, hello);
            });
    assertArrayEquals(packed, HelloCodec.INSTANCE.encode(hello), hello.toString());
    assertArrayEquals(packed, ProtocolCodec.encodeHello(hello), hello.toString());
  }
}
