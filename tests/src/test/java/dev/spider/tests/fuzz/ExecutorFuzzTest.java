package dev.spider.tests.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import dev.spider.protocol.Request;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.fuzz.FuzzBodies;
import dev.spider.protocol.fuzz.FuzzSeed;
import dev.spider.protocol.process.ExecutorEnvironment;
import dev.spider.tests.executor.ExecutorProcess;
import dev.spider.tests.executor.ExecutorSetup;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzzing of a real executor's request stream: every frame is answered in its turn — a
 * Result with the request's seq, {@code InvalidRequest} for a value of the wrong shape — or ends
 * the executor with status 2 when the stream is unreadable, as docs/frame-protocol.md says. Never a
 * hang (every wait has a deadline), never anything on stdout that is not a frame. What each frame
 * should get is decided by the contract's own decoder, the one the executor runs.
 *
 * <p>Frames go in batches, one executor per batch, each batch ending with at most one frame that
 * ends the executor (unreadable, or Shutdown), so a few hundred cases need a handful of executors.
 * The {@code fuzz} profile runs thousands.
 */
class ExecutorFuzzTest {

  private static final int DEFAULT_CASES = 150;
  private static final int BATCH = 25;
  private static final HexFormat HEX = HexFormat.of();

  /** What the executor owes one frame. */
  private sealed interface Owed {
    /** A Result carrying {@code seq}; an {@code InvalidRequest} failure when {@code invalid}. */
    record Answer(long seq, boolean invalid) implements Owed {}

    /** Nothing: an Interrupt. */
    record Nothing() implements Owed {}

    /** Exit 2: the stream is unreadable from this frame on. */
    record Exit2() implements Owed {}

    /** Exit 0 once the frames before are answered: a Shutdown. */
    record Exit0() implements Owed {}
  }

  private record Sent(FuzzBodies.Case fuzz, Owed owed) {}

  @Test
  void everyFrameIsAnsweredOrEndsTheExecutorAsTheProtocolSays() throws Exception {
    FuzzSeed run = FuzzSeed.fromProperties(DEFAULT_CASES);
    FuzzBodies bodies = new FuzzBodies(new Random(run.seed()));
    List<Sent> answerable = new ArrayList<>();
    List<Sent> enders = new ArrayList<>();
    for (int i = 0; i < run.cases(); i++) {
      FuzzBodies.Case c = bodies.next();
      Sent sent = new Sent(c, owed(c.body()));
      (sent.owed() instanceof Owed.Exit2 || sent.owed() instanceof Owed.Exit0 ? enders : answerable)
          .add(sent);
    }
    int batches = (answerable.size() + BATCH - 1) / BATCH;
    for (int b = 0; b < batches; b++) {
      List<Sent> batch =
          new ArrayList<>(
              answerable.subList(b * BATCH, Math.min(answerable.size(), (b + 1) * BATCH)));
      if (b < enders.size()) {
        batch.add(enders.get(b));
      }
      runBatch(batch, run.replay() + ", batch " + b);
    }
  }

  @Test
  void theKnownKillersAreAnsweredOrExitTwo() throws Exception {
    byte[] deep = new byte[5000];
    Arrays.fill(deep, (byte) 0x91);
    deep[deep.length - 1] = (byte) 0xc0;
    List<Sent> answered = new ArrayList<>();
    answered.add(sent(FuzzBodies.Kind.DEEP_NESTING, concat(HEX.parseHex("930005"), deep)));
    answered.add(
        sent(FuzzBodies.Kind.BAD_TIMESTAMP, HEX.parseHex("930006c70cff000000007fffffffffffffff")));
    byte[] manyNils = Arrays.copyOf(HEX.parseHex("930007dd00100000"), 8 + (1 << 20));
    Arrays.fill(manyNils, 8, manyNils.length, (byte) 0xc0);
    answered.add(sent(FuzzBodies.Kind.HUGE_HEADER, manyNils));
    answered.add(sent(FuzzBodies.Kind.DEEP_NESTING, deep));
    runBatch(answered, "answerable killers");
    // The example: a map header of 2^31 entries in a 5-byte frame.
    runBatch(
        List.of(sent(FuzzBodies.Kind.HUGE_HEADER, HEX.parseHex("df7fffffff"))),
        "map header of 2^31 entries");
    runBatch(
        List.of(
            sent(FuzzBodies.Kind.HUGE_HEADER, HEX.parseHex("9600" + "08a170a174c400c67ffffff0"))),
        "bin of 2 GiB");
    runBatch(
        List.of(sent(FuzzBodies.Kind.HUGE_HEADER, HEX.parseHex("dd7fffffff01"))),
        "array header of 2^31 elements");
  }

  @Test
  void aTwoGigabyteLengthPrefixWithARaisedLimitIsATruncatedFrameNotHeapExhaustion()
      throws Exception {
    ExecutorSetup raised =
        ExecutorSetup.samplePackages()
            .with(
                ExecutorEnvironment.MAX_FRAME_BYTES,
                Integer.toString(FrameLimits.LARGEST_MAX_FRAME_BYTES));
    try (ExecutorProcess executor = ExecutorProcess.start(raised)) {
      executor.hello();
      executor.sendHeaderOnly(FrameLimits.LARGEST_MAX_FRAME_BYTES);
      executor.process().getOutputStream().write(new byte[10]);
      executor.closeStdin();
      assertEquals(2, executor.exitStatus(), executor::stderrText);
      assertTrue(executor.noFurtherFrames(), "nothing on stdout but the Hello");
    }
  }

  /**
   * Sends a batch to a fresh executor and checks every answer, then sends the batch's ender, if
   * any, and checks how the executor ends. The ender goes last, after the answers arrived: an
   * unreadable frame ends the executor at once, answers still owed or not.
   */
  private static void runBatch(List<Sent> batch, String where) throws Exception {
    try (ExecutorProcess executor = ExecutorProcess.start()) {
      executor.hello();
      Owed end = new Owed.Exit0();
      byte[] ender = null;
      for (Sent s : batch) {
        if (s.owed() instanceof Owed.Exit2 || s.owed() instanceof Owed.Exit0) {
          end = s.owed();
          ender = s.fuzz().body();
        } else {
          executor.sendBody(s.fuzz().body());
        }
      }
      for (Sent s : batch) {
        String context = where + ": " + s.fuzz().kind() + " " + s.fuzz().prefix();
        if (s.owed() instanceof Owed.Answer answer) {
          Response.Result result =
              assertInstanceOf(Response.Result.class, executor.nextResponse(), context);
          assertEquals(answer.seq(), result.seq(), () -> "seq of the answer to " + context);
          if (answer.invalid()) {
            assertEquals(ErrorKind.INVALID_REQUEST, ExecutorProcess.error(result).kind(), context);
          }
        }
      }
      if (ender == null) {
        executor.closeStdin();
      } else {
        executor.sendBody(ender);
      }
      int expected = end instanceof Owed.Exit2 ? 2 : 0;
      assertEquals(
          expected, executor.exitStatus(), () -> where + ": exit status\n" + executor.stderrText());
      assertTrue(
          executor.noFurtherFrames(),
          () -> where + ": stdout holds more than the answers, or is not frames");
    }
  }

  /** What the executor owes {@code body}, by the contract's decoder. */
  private static Owed owed(byte[] body) {
    Request request;
    try {
      request = ProtocolCodec.decodeRequest(body);
    } catch (ProtocolException e) {
      return new Owed.Exit2();
    }
    if (request instanceof Request.Invalid invalid) {
      return new Owed.Answer(invalid.seq(), true);
    }
    if (request instanceof Request.Execute execute) {
      return new Owed.Answer(execute.seq(), false);
    }
    if (request instanceof Request.Describe describe) {
      return new Owed.Answer(describe.seq(), false);
    }
    if (request instanceof Request.Shutdown) {
      return new Owed.Exit0();
    }
    return new Owed.Nothing();
  }

  private static Sent sent(FuzzBodies.Kind kind, byte[] body) {
    return new Sent(new FuzzBodies.Case(kind, body), owed(body));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
