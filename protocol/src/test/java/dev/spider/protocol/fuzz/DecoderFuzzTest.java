package dev.spider.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spider.protocol.Allocations;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Request;
import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.frame.FrameReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of the protocol's decoders: every body, valid, mutated, random or one of the known
 * killers, ends in a decoded value or a {@link ProtocolException} — never another throwable — and
 * no decode allocates much more than the bytes it was given (docs/frame-protocol.md, "Limits"). A
 * few hundred cases per test in the normal run; the {@code fuzz} profile runs thousands. The
 * deadline only catches hangs; speed is not asserted.
 */
final class DecoderFuzzTest {

  private static final int DEFAULT_CASES = 300;
  private static final Duration HANG = Duration.ofMinutes(5);

  /**
   * What a decode may allocate: a small multiple of its input (the unpacked tree and the copies of
   * str and bin payloads), plus slack for msgpack-core's buffers. Far below what the hostile
   * headers declare (gigabytes).
   */
  private static long allocationBound(long inputBytes) {
    return 64 * inputBytes + (4 << 20);
  }

  @Test
  void everyBodyDecodesOrIsAProtocolError() {
    FuzzSeed run = FuzzSeed.fromProperties(DEFAULT_CASES);
    Random random = new Random(run.seed());
    FuzzBodies bodies = new FuzzBodies(random);
    Map<FuzzBodies.Kind, int[]> outcomes = new EnumMap<>(FuzzBodies.Kind.class);
    assertTimeoutPreemptively(
        HANG,
        () -> {
          for (int i = 0; i < run.cases(); i++) {
            FuzzBodies.Case c =
                bodies.next(FuzzBodies.Kind.values()[i % FuzzBodies.Kind.values().length]);
            String where = run.replay() + ", case " + i + " " + c.kind() + " " + c.prefix();
            int[] counts = outcomes.computeIfAbsent(c.kind(), k -> new int[3]);
            counts[decodeRequest(c.body(), where)]++;
            decodeStrictly(c.body(), where);
          }
        },
        run.replay());
    // Every kind ran, so a generator that stopped producing a kind does not go unnoticed.
    assertEquals(FuzzBodies.Kind.values().length, outcomes.size(), run.replay());
    assertTrue(outcomes.get(FuzzBodies.Kind.VALID_REQUEST)[0] > 0, run.replay());
  }

  @Test
  void everyFrameStreamEndsInFramesOrAProtocolError() {
    FuzzSeed run = FuzzSeed.fromProperties(DEFAULT_CASES);
    Random random = new Random(run.seed() ^ 0x5deece66dL);
    FuzzBodies bodies = new FuzzBodies(random);
    int[] maxima = {
      FrameLimits.SMALLEST_MAX_FRAME_BYTES,
      FrameLimits.DEFAULT_MAX_FRAME_BYTES,
      FrameLimits.LARGEST_MAX_FRAME_BYTES
    };
    assertTimeoutPreemptively(
        HANG,
        () -> {
          for (int i = 0; i < run.cases(); i++) {
            byte[] stream = stream(random, bodies);
            int max = maxima[random.nextInt(maxima.length)];
            String where = run.replay() + ", stream " + i + " of " + stream.length + " bytes";
            readAll(new FrameReader(new ByteArrayInputStream(stream), max), stream.length, where);
          }
        },
        run.replay());
  }

  /** 0 Execute/Describe/Interrupt/Shutdown, 1 Invalid, 2 ProtocolException. */
  private static int decodeRequest(byte[] body, String where) {
    Request[] decoded = new Request[1];
    Allocations.Measured m =
        Allocations.measure(() -> decoded[0] = ProtocolCodec.decodeRequest(body));
    checkAllocation(m, body.length, "decodeRequest", where);
    if (m.thrown() instanceof ProtocolException) {
      return 2;
    }
    expectNothingOrProtocolException(m, "decodeRequest", where);
    return decoded[0] instanceof Request.Invalid ? 1 : 0;
  }

  /** The manager's decoders: responses, failure payloads and descriptions. */
  private static void decodeStrictly(byte[] body, String where) {
    Allocations.Measured response = Allocations.measure(() -> ProtocolCodec.decodeResponse(body));
    expectNothingOrProtocolException(response, "decodeResponse", where);
    checkAllocation(response, body.length, "decodeResponse", where);
    Allocations.Measured error = Allocations.measure(() -> ProtocolCodec.decodeError(body));
    expectNothingOrProtocolException(error, "decodeError", where);
    checkAllocation(error, body.length, "decodeError", where);
    Allocations.Measured description =
        Allocations.measure(() -> ProtocolCodec.decodeDescription(body));
    expectNothingOrProtocolException(description, "decodeDescription", where);
    checkAllocation(description, body.length, "decodeDescription", where);
  }

  private static void readAll(FrameReader reader, long streamBytes, String where) {
    while (true) {
      AtomicReference<Optional<byte[]>> frame = new AtomicReference<>();
      Allocations.Measured m = Allocations.measure(() -> frame.set(reader.next()));
      checkAllocation(m, streamBytes, "FrameReader.next", where);
      if (m.thrown() instanceof ProtocolException) {
        return;
      }
      expectNothingOrProtocolException(m, "FrameReader.next", where);
      if (frame.get().isEmpty()) {
        return;
      }
      decodeRequest(frame.get().get(), where);
    }
  }

  /** One to four frames whose length prefixes are mostly right, sometimes hostile. */
  private static byte[] stream(Random random, FuzzBodies bodies) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int frames = 1 + random.nextInt(4);
    for (int f = 0; f < frames; f++) {
      byte[] body = bodies.next().body();
      long length =
          switch (random.nextInt(8)) {
            case 0 -> 0x7fffffc0L - random.nextInt(64); // about 2 GB
            case 1 -> random.nextInt() & 0xffffffffL;
            case 2 -> 0;
            case 3 -> body.length + 1 + random.nextInt(4);
            default -> body.length;
          };
      out.writeBytes(
          new byte[] {
            (byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length
          });
      out.writeBytes(body);
    }
    byte[] stream = out.toByteArray();
    return random.nextInt(5) == 0
        ? java.util.Arrays.copyOf(stream, random.nextInt(stream.length + 1))
        : stream;
  }

  private static void expectNothingOrProtocolException(
      Allocations.Measured m, String decoder, String where) {
    if (m.thrown() != null && !(m.thrown() instanceof ProtocolException)) {
      fail(decoder + " threw " + m.thrown() + " at " + where, m.thrown());
    }
  }

  private static void checkAllocation(
      Allocations.Measured m, long inputBytes, String decoder, String where) {
    long bound = allocationBound(inputBytes);
    if (m.allocatedBytes() > bound) {
      fail(
          decoder
              + " allocated "
              + m.allocatedBytes()
              + " bytes for "
              + inputBytes
              + " input bytes (bound "
              + bound
              + ") at "
              + where);
    }
  }
}
