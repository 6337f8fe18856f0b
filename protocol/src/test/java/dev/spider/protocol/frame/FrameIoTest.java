package dev.spider.protocol.frame;

import static dev.spider.protocol.TestBytes.bytes;
import static dev.spider.protocol.TestBytes.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ProtocolException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class FrameIoTest {

  private static final Duration LIMIT = Duration.ofSeconds(30);

  @Test
  void framesRoundTripOverAPipe() throws Exception {
    List<byte[]> bodies = new ArrayList<>();
    Random random = new Random(7);
    for (int size : new int[] {1, 2, 300, 70_000, 1}) {
      byte[] body = new byte[size];
      random.nextBytes(body);
      bodies.add(body);
    }
    PipedInputStream in = new PipedInputStream(1024);
    PipedOutputStream out = new PipedOutputStream(in);
    FrameWriter writer = new FrameWriter(out, 100_000);
    FrameReader reader = new FrameReader(in, 100_000);

    assertTimeoutPreemptively(
        LIMIT,
        () -> {
          CompletableFuture<Void> writing =
              CompletableFuture.runAsync(
                  () -> {
                    try (out) {
                      for (byte[] body : bodies) {
                        writer.write(body);
                      }
                    } catch (IOException e) {
                      throw new RuntimeException(e);
                    }
                  });
          for (byte[] body : bodies) {
            assertArrayEquals(body, reader.next().orElseThrow());
          }
          assertEquals(Optional.empty(), reader.next());
          writing.get();
        });
  }

  @Test
  void aFrameIsABigEndianLengthThenTheBody() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FrameWriter(out, 1 << 20).write(bytes(1, 2, 3));
    new FrameWriter(out, 1 << 20).write(new byte[0x010203]);
    byte[] written = out.toByteArray();
    assertArrayEquals(
        bytes(0, 0, 0, 3, 1, 2, 3, 0x00, 0x01, 0x02, 0x03), java.util.Arrays.copyOf(written, 11));
    assertEquals(7 + 4 + 0x010203, written.length);
  }

  @Test
  void cleanEndOfStreamIsEmpty() throws Exception {
    FrameReader reader = new FrameReader(new ByteArrayInputStream(frame(bytes(0x91, 0x01))), 64);
    assertArrayEquals(bytes(0x91, 0x01), reader.next().orElseThrow());
    assertEquals(Optional.empty(), reader.next());
    assertEquals(Optional.empty(), reader.next());
    assertEquals(
        Optional.empty(), new FrameReader(new ByteArrayInputStream(new byte[0]), 64).next());
  }

  @Test
  void anEofExceptionBeforeTheHeaderIsACleanEnd() throws Exception {
    InputStream throwsEof =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new EOFException();
          }
        };
    assertEquals(Optional.empty(), new FrameReader(throwsEof, 64).next());
  }

  @Test
  void truncatedHeader() {
    FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes(0, 0)), 64);
    ProtocolException e = assertThrows(ProtocolException.class, reader::next);
    assertTrue(e.getMessage().contains("read 2 of 4 bytes"), e.getMessage());
  }

  @Test
  void truncatedBody() {
    FrameReader reader = new FrameReader(new ByteArrayInputStream(bytes(0, 0, 0, 10, 1, 2, 3)), 64);
    ProtocolException e = assertThrows(ProtocolException.class, reader::next);
    assertTrue(e.getMessage().contains("read 3 of 10 body bytes"), e.getMessage());
  }

  @Test
  void truncatedSecondFrame() throws Exception {
    byte[] stream = concat(frame(bytes(5)), bytes(0, 0, 0, 2, 9));
    FrameReader reader = new FrameReader(new ByteArrayInputStream(stream), 64);
    assertArrayEquals(bytes(5), reader.next().orElseThrow());
    ProtocolException e = assertThrows(ProtocolException.class, reader::next);
    assertTrue(e.getMessage().contains("read 1 of 2 body bytes"), e.getMessage());
  }

  @Test
  void zeroLengthIsRefusedWithoutReadingFurther() {
    HeaderOnly in = new HeaderOnly(bytes(0, 0, 0, 0));
    ProtocolException e =
        assertThrows(ProtocolException.class, () -> new FrameReader(in, 1024).next());
    assertTrue(e.getMessage().contains("frame length 0 outside 1..1024"), e.getMessage());
    assertEquals(4, in.bytesRead);
  }

  @Test
  void oversizeLengthIsRefusedBeforeTheBodyIsAllocatedOrRead() {
    // 0x7fffffff bytes: allocating it would need a 2 GiB array; reading it would trip HeaderOnly.
    HeaderOnly in = new HeaderOnly(bytes(0x7f, 0xff, 0xff, 0xff));
    ProtocolException e =
        assertTimeoutPreemptively(
            LIMIT,
            () -> assertThrows(ProtocolException.class, () -> new FrameReader(in, 1024).next()));
    assertTrue(e.getMessage().contains("frame length 2147483647 outside 1..1024"), e.getMessage());
    assertEquals(4, in.bytesRead);
  }

  @Test
  void lengthAboveTheSignedIntRangeIsNotWrapped() {
    HeaderOnly in = new HeaderOnly(bytes(0xff, 0xff, 0xff, 0xff));
    ProtocolException e =
        assertThrows(ProtocolException.class, () -> new FrameReader(in, Integer.MAX_VALUE).next());
    assertTrue(e.getMessage().contains("4294967295"), e.getMessage());
    assertEquals(4, in.bytesRead);
  }

  @Test
  void lengthOneAboveTheMaximumIsRefusedAndTheMaximumAccepted() throws Exception {
    byte[] body = new byte[100];
    assertArrayEquals(
        body, new FrameReader(new ByteArrayInputStream(frame(body)), 100).next().orElseThrow());
    assertThrows(
        ProtocolException.class,
        () -> new FrameReader(new ByteArrayInputStream(frame(body)), 99).next());
  }

  @Test
  void aReaderNeedsAPositiveMaximum() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new FrameReader(new ByteArrayInputStream(new byte[0]), 0));
  }

  @Test
  void writerRefusesEmptyAndOversizeBodiesWithoutWriting() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter writer = new FrameWriter(out, 8);
    assertThrows(IllegalArgumentException.class, () -> writer.write(new byte[0]));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer.write(new byte[9]));
    assertTrue(e.getMessage().contains("9 bytes outside 1..8"), e.getMessage());
    assertEquals(0, out.size());
    writer.write(new byte[8]);
    assertEquals(12, out.size());
  }

  @Test
  void writerFlushesEveryFrameEvenWhenTheWriteFails() throws Exception {
    int[] flushes = {0};
    boolean[] fail = {false};
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) throws IOException {
            if (fail[0]) {
              throw new IOException("broken pipe");
            }
          }

          @Override
          public void flush() {
            flushes[0]++;
          }
        };
    FrameWriter writer = new FrameWriter(out, 64);
    writer.write(bytes(1));
    assertEquals(1, flushes[0]);
    fail[0] = true;
    assertThrows(IOException.class, () -> writer.write(bytes(2)));
    assertEquals(2, flushes[0]);
  }

  @Test
  void concurrentWritersNeverInterleave() throws Exception {
    int threads = 4;
    int framesPerThread = 200;
    ByteAtATime out = new ByteAtATime();
    FrameWriter writer = new FrameWriter(out, 1024);
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads, r -> new Thread(r, "frame-writer-" + threadNumber.incrementAndGet()));
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < framesPerThread; i++) {
                    // Bodies of varying length, so a torn frame cannot decode by accident.
                    writer.write(
                        ("t" + thread + "-" + i + "-" + "x".repeat(i % 37))
                            .getBytes(StandardCharsets.US_ASCII));
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    FrameReader reader = new FrameReader(new ByteArrayInputStream(out.toByteArray()), 1024);
    Map<Integer, Integer> nextPerThread = new HashMap<>();
    int frames = 0;
    for (Optional<byte[]> f = reader.next(); f.isPresent(); f = reader.next()) {
      String body = new String(f.get(), StandardCharsets.US_ASCII);
      String[] parts = body.split("-", 3);
      int thread = Integer.parseInt(parts[0].substring(1));
      int index = Integer.parseInt(parts[1]);
      assertEquals("x".repeat(index % 37), parts[2], body);
      assertEquals(
          nextPerThread.getOrDefault(thread, 0), index, "frames of thread " + thread + " in order");
      nextPerThread.put(thread, index + 1);
      frames++;
    }
    assertEquals(threads * framesPerThread, frames);
  }

  private static byte[] frame(byte[] body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new FrameWriter(out, Integer.MAX_VALUE).write(body);
    return out.toByteArray();
  }

  /** Serves a 4-byte header, then fails the test if anything more is asked for. */
  private static final class HeaderOnly extends InputStream {
    private final byte[] header;
    int bytesRead;

    HeaderOnly(byte[] header) {
      this.header = header;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (bytesRead >= header.length) {
        throw new AssertionError("the reader asked for body bytes after a header it must refuse");
      }
      int n = Math.min(len, header.length - bytesRead);
      System.arraycopy(header, bytesRead, b, off, n);
      bytesRead += n;
      return n;
    }
  }

  /**
   * Writes each byte separately and yields in between, so two unsynchronised writers would tear
   * each other's frames.
   */
  private static final class ByteAtATime extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    @Override
    public void write(int b) {
      synchronized (bytes) {
        bytes.write(b);
      }
      Thread.yield();
    }

    @Override
    public void write(byte[] b, int off, int len) {
      for (int i = 0; i < len; i++) {
        write(b[off + i]);
      }
    }

    byte[] toByteArray() {
      synchronized (bytes) {
        return bytes.toByteArray();
      }
    }
  }
}
