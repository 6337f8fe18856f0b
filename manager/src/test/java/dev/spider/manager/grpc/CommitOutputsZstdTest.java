package dev.spider.manager.grpc;

import static dev.spider.manager.grpc.Wire.EM;
import static dev.spider.manager.grpc.Wire.JOB;
import static dev.spider.manager.grpc.Wire.SESSION;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.manager.client.ExecutionContext;
import dev.spider.manager.client.ResourceGroupId;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.SerializedTaskOutputs;
import dev.spider.tdl.wire.WireFormat;
import io.airlift.compress.zstd.ZstdCompressor;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The commit task's graph outputs as upstream storage sends them: a serialized task outputs buffer
 * whose payload, beyond 1 KiB, is a zstd frame written by a streaming encoder, so its header
 * records no content size (docs/cluster.md). tdl-api's decoder must take such frames; these build
 * them by hand (raw and RLE blocks) and by rewriting the header of an aircompressor frame
 * (compressed blocks), and feed one through the storage client to the task's context.
 */
final class CommitOutputsZstdTest {

  private static final byte[] MAGIC = {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd};
  private static final int RAW = 0;
  private static final int RLE = 1;

  @Test
  void aHandMadeFrameWithoutContentSizeDecodes() throws Exception {
    byte[] head = "aaaaaaaaaa".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] payload = Arrays.copyOf(head, head.length + 2000); // then 2000 zero bytes
    byte[] wire = WireFormat.encode(List.of(payload));
    int rawPart = wire.length - 2000;

    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.writeBytes(MAGIC);
    frame.write(0x00); // no content size, not single-segment, no checksum, no dictionary
    frame.write(10 << 3); // window descriptor: 2^(10 + 10) = 1 MiB
    block(frame, RAW, false, rawPart);
    frame.write(wire, 0, rawPart);
    block(frame, RLE, true, 2000);
    frame.write(0x00);

    List<byte[]> decoded = SerializedTaskOutputs.decode(zstdOutputs(frame.toByteArray()));

    assertEquals(1, decoded.size());
    assertArrayEquals(payload, decoded.get(0));
  }

  @Test
  void compressedBlocksWithoutContentSizeDecode() throws Exception {
    List<byte[]> payloads = List.of(random(200_000, 1), new byte[50_000], random(70_000, 2));
    byte[] frame = withoutContentSize(compress(WireFormat.encode(payloads)));
    assertEquals(0, (frame[4] & 0xff) >> 5, "neither content size nor single segment");

    List<byte[]> decoded = SerializedTaskOutputs.decode(zstdOutputs(frame));

    assertEquals(payloads.size(), decoded.size());
    for (int i = 0; i < payloads.size(); i++) {
      assertArrayEquals(payloads.get(i), decoded.get(i), "payload " + i);
    }
  }

  @Test
  void theCommitTaskSeesTheJobsOutputsThroughTheStorageClient() throws Exception {
    List<byte[]> payloads = List.of(random(5000, 3), new byte[] {0x2a});
    byte[] graphOutputs = zstdOutputs(withoutContentSize(compress(WireFormat.encode(payloads))));
    try (FakeCluster fake = FakeCluster.inProcess();
        GrpcCluster cluster = GrpcCluster.connect(Wire.config(1), fake.opener())) {
      fake.registerTask.reply(Wire.context(100, 200, graphOutputs));

      ExecutionContext commit =
          cluster.storage().registerTaskInstance(JOB, TaskId.COMMIT, EM, SESSION);

      List<byte[]> seen = commit.taskContext(new ResourceGroupId(1)).taskGraphOutputs();
      assertEquals(2, seen.size());
      assertArrayEquals(payloads.get(0), seen.get(0));
      assertArrayEquals(payloads.get(1), seen.get(1));
    }
  }

  /** A serialized task outputs buffer: option byte 1 (zstd), then the frame. */
  private static byte[] zstdOutputs(byte[] frame) {
    byte[] raw = new byte[frame.length + 1];
    raw[0] = 1;
    System.arraycopy(frame, 0, raw, 1, frame.length);
    return raw;
  }

  /** A block header: 3 bytes little-endian, last-block bit, type, size. */
  private static void block(ByteArrayOutputStream out, int type, boolean last, int size) {
    int header = size << 3 | type << 1 | (last ? 1 : 0);
    out.write(header);
    out.write(header >>> 8);
    out.write(header >>> 16);
  }

  private static byte[] compress(byte[] input) {
    ZstdCompressor compressor = new ZstdCompressor();
    byte[] out = new byte[compressor.maxCompressedLength(input.length)];
    int n = compressor.compress(input, 0, input.length, out, 0, out.length);
    return Arrays.copyOf(out, n);
  }

  /**
   * The same frame with its header rewritten the way a streaming encoder writes it: no content
   * size, not single-segment (so a window descriptor, here as large as the content), checksum flag
   * kept; the blocks are copied unchanged.
   */
  private static byte[] withoutContentSize(byte[] frame) {
    int descriptor = frame[4] & 0xff;
    int fcsFlag = descriptor >>> 6;
    boolean singleSegment = (descriptor & 0x20) != 0;
    boolean checksum = (descriptor & 0x04) != 0;
    if ((descriptor & 0x03) != 0) {
      throw new AssertionError("a dictionary id: not produced by this test");
    }
    int fcsBytes = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[fcsFlag];
    long contentSize = 0;
    int fcsAt = 5 + (singleSegment ? 0 : 1);
    for (int i = 0; i < fcsBytes; i++) {
      contentSize |= (frame[fcsAt + i] & 0xffL) << (8 * i);
    }
    if (fcsBytes == 2) {
      contentSize += 256;
    }
    int windowDescriptor;
    if (singleSegment) {
      int windowLog = Math.max(10, 64 - Long.numberOfLeadingZeros(Math.max(1, contentSize - 1)));
      windowDescriptor = (windowLog - 10) << 3;
    } else {
      windowDescriptor = frame[5] & 0xff;
    }
    int blocksAt = fcsAt + fcsBytes;
    ByteArrayOutputStream out = new ByteArrayOutputStream(frame.length);
    out.writeBytes(MAGIC);
    out.write(checksum ? 0x04 : 0x00);
    out.write(windowDescriptor);
    out.write(frame, blocksAt, frame.length - blocksAt);
    return out.toByteArray();
  }

  private static byte[] random(int size, long seed) {
    // Compressible but not trivially: small alphabet.
    byte[] bytes = new byte[size];
    Random random = new Random(seed);
    for (int i = 0; i < size; i++) {
      bytes[i] = (byte) ('a' + random.nextInt(8));
    }
    return bytes;
  }
}
