package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.tdl.Version;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A seeded fuzz test of the manager's result-stream reading: random and mutated response streams
 * fed to {@link ResultReader#read}, the exact code path a caller reads its Result with. Each case
 * must end in an {@link ResultReader.Answer}, a {@link ResultReader.Broken} or an {@link
 * ResultReader.Ended} — never another throwable, never a hang — and an unmutated Result must be the
 * answer it carries.
 *
 * <p>System properties: {@value #CASES_PROPERTY} (default {@value #DEFAULT_CASES}) sets the number
 * of cases, {@value #SEED_PROPERTY} replays a seed; every failure names the seed and the case.
 */
class ResultStreamFuzzTest {

  static final String CASES_PROPERTY = "spider.fuzz.cases";
  static final String SEED_PROPERTY = "spider.fuzz.seed";
  static final int DEFAULT_CASES = 400;

  private static final long SEQ = 42;
  private static final int MAX_FRAME = 64 * 1024;
  private static final Duration DEADLINE_PER_CASE = Duration.ofMillis(200);

  @Test
  void everyStreamEndsInAnAnswerOrACrashCause() {
    long seed = Long.getLong(SEED_PROPERTY, System.nanoTime());
    int cases = Integer.getInteger(CASES_PROPERTY, DEFAULT_CASES);
    SplittableRandom random = new SplittableRandom(seed);
    Duration deadline = DEADLINE_PER_CASE.multipliedBy(cases).plusSeconds(10);
    assertTimeoutPreemptively(
        deadline,
        () -> {
          for (int i = 0; i < cases; i++) {
            runCase(seed, i, random.split());
          }
        },
        () -> "a case hung (seed " + seed + ", -D" + SEED_PROPERTY + "=" + seed + ")");
  }

  private static void runCase(long seed, int index, SplittableRandom random) {
    byte[] payload = randomBytes(random, random.nextInt(64));
    boolean mutate = random.nextInt(4) != 0;
    byte[] stream = mutate ? mutated(random, base(random, payload)) : valid(payload);
    ResultReader.Reading reading;
    try {
      reading = new ResultReader(new ByteArrayInputStream(stream), MAX_FRAME).read(SEQ, "fuzz");
    } catch (Throwable t) {
      throw new AssertionError(where(seed, index, stream) + " threw", t);
    }
    if (reading == null) {
      fail(where(seed, index, stream) + " gave null");
    }
    if (!mutate) {
      Outcome outcome =
          assertInstanceOf(ResultReader.Answer.class, reading, () -> where(seed, index, stream))
              .outcome();
      assertArrayEquals(
          payload,
          assertInstanceOf(Outcome.Success.class, outcome).outputs(),
          () -> where(seed, index, stream));
    }
    assertEquals(
        true,
        reading instanceof ResultReader.Answer
            || reading instanceof ResultReader.Broken
            || reading instanceof ResultReader.Ended,
        () -> where(seed, index, stream));
  }

  private static String where(long seed, int index, byte[] stream) {
    return "fuzz case "
        + index
        + " of seed "
        + seed
        + " (-D"
        + SEED_PROPERTY
        + "="
        + seed
        + "), stream "
        + (stream.length > 64
            ? Arrays.toString(Arrays.copyOf(stream, 64)) + "... (" + stream.length + " B)"
            : Arrays.toString(stream));
  }

  /** The Result the reader waits for, well formed. */
  private static byte[] valid(byte[] payload) {
    return FrameWriter.frame(ProtocolCodec.encode(new Response.Result(SEQ, true, payload, 5)));
  }

  /** A stream to mutate: a valid response of some kind, or random bytes. */
  private static byte[] base(SplittableRandom random, byte[] payload) {
    return switch (random.nextInt(6)) {
      case 0 -> valid(payload);
      case 1 ->
          FrameWriter.frame(
              ProtocolCodec.encode(
                  new Response.Result(
                      SEQ,
                      false,
                      ProtocolCodec.encodeError(
                          ExecutorError.of(ErrorKind.UNCAUGHT_EXCEPTION, "fuzzed failure")),
                      5)));
      case 2 ->
          FrameWriter.frame(
              ProtocolCodec.encode(new Response.Result(random.nextLong(), true, payload, 5)));
      case 3 ->
          FrameWriter.frame(
              ProtocolCodec.encode(
                  new Response.Hello(Response.PROTOCOL_VERSION, Version.CURRENT, 1)));
      case 4 -> FrameWriter.frame(randomBytes(random, 1 + random.nextInt(32)));
      default -> randomBytes(random, random.nextInt(40));
    };
  }

  private static byte[] mutated(SplittableRandom random, byte[] stream) {
    byte[] bytes = stream;
    int mutations = 1 + random.nextInt(4);
    for (int m = 0; m < mutations; m++) {
      bytes =
          switch (random.nextInt(6)) {
            case 0 -> flipByte(random, bytes);
            case 1 -> Arrays.copyOf(bytes, bytes.length == 0 ? 0 : random.nextInt(bytes.length));
            case 2 -> insert(random, bytes, randomBytes(random, 1 + random.nextInt(8)));
            case 3 -> withLength(bytes, random.nextInt()); // any declared length, 2 GB included
            case 4 -> insert(random, bytes, deepNesting(random));
            default -> concat(bytes, randomBytes(random, random.nextInt(16)));
          };
    }
    return bytes;
  }

  private static byte[] flipByte(SplittableRandom random, byte[] bytes) {
    if (bytes.length == 0) {
      return bytes;
    }
    byte[] copy = bytes.clone();
    copy[random.nextInt(copy.length)] = (byte) random.nextInt(256);
    return copy;
  }

  private static byte[] insert(SplittableRandom random, byte[] bytes, byte[] inserted) {
    int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(bytes, 0, at);
    out.writeBytes(inserted);
    out.write(bytes, at, bytes.length - at);
    return out.toByteArray();
  }

  private static byte[] withLength(byte[] bytes, int length) {
    byte[] copy = bytes.length >= 4 ? bytes.clone() : Arrays.copyOf(bytes, 4);
    copy[0] = (byte) (length >>> 24);
    copy[1] = (byte) (length >>> 16);
    copy[2] = (byte) (length >>> 8);
    copy[3] = (byte) length;
    return copy;
  }

  /** Array headers nested thousands deep, or one header declaring about 2^31 entries. */
  private static byte[] deepNesting(SplittableRandom random) {
    if (random.nextBoolean()) {
      return new byte[] {(byte) 0xdd, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    }
    byte[] nested = new byte[1000 + random.nextInt(4000)];
    Arrays.fill(nested, (byte) 0x91); // fixarray of one element, again and again
    return nested;
  }

  private static byte[] randomBytes(SplittableRandom random, int length) {
    byte[] bytes = new byte[length];
    for (int i = 0; i < length; i++) {
      bytes[i] = (byte) random.nextInt(256);
    }
    return bytes;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] both = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, both, a.length, b.length);
    return both;
  }
}
