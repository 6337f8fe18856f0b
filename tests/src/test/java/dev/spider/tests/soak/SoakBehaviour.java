package dev.spider.tests.soak;

import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.Timeouts;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What one soak task does and the one outcome class it must end in (docs/failures.md): a normal
 * {@code add}, a crash ({@code exit_three}, {@code halt_134}), a hang ({@code spin_forever} under a
 * short hard timeout), or one of the hostile tasks that attack their executor's process.
 *
 * <p>Immutable constants; thread-safe.
 */
enum SoakBehaviour {
  ADD(SamplePackages.JAR_TASKS, "add", Outcome.Success.class),
  EXIT_THREE(SamplePackages.JAR_TASKS, "exit_three", Outcome.ExecutorCrash.class),
  HALT_134(SamplePackages.JAR_TASKS, "halt_134", Outcome.ExecutorCrash.class),
  SPIN_FOREVER(SamplePackages.JAR_TASKS, "spin_forever", Outcome.Timeout.class),
  /** A task must see an empty stdin: it reads 0 bytes, and the next request is not stuck. */
  READ_STDIN(SamplePackages.HOSTILE_TASKS, "read_stdin", Outcome.Success.class),
  /** Closing stdin must not disturb the executor or charge the next task. */
  CLOSE_STDIN(SamplePackages.HOSTILE_TASKS, "close_stdin", Outcome.Success.class),
  PRINT_AFTER_CLOSING_STREAMS(
      SamplePackages.HOSTILE_TASKS, "print_after_closing_streams", Outcome.Success.class),
  /** A forged frame in the protocol pipe is an executor crash, reported at once. */
  FORGE_FRAME(SamplePackages.HOSTILE_TASKS, "forge_frame", Outcome.ExecutorCrash.class),
  /** The sleepers live in the executor's process group and die with it. */
  SPAWN_SLEEPERS(SamplePackages.HOSTILE_TASKS, "spawn_sleepers", Outcome.Success.class),
  /** An executor stuck exiting is a crash within a bounded time, not a timeout. */
  EXIT_WITH_HANGING_HOOK(
      SamplePackages.HOSTILE_TASKS, "exit_with_hanging_hook", Outcome.ExecutorCrash.class);

  /** How many {@code sleep 600} processes each SPAWN_SLEEPERS task starts. */
  static final long SLEEPERS_PER_TASK = 2;

  /** A spinning task's hard timeout: short, so that hangs cost the soak little. */
  private static final Duration SPIN_TIMEOUT = Duration.ofSeconds(1);

  /**
   * The hard timeout of every other task: far beyond what any of them takes, so reaching it is a
   * wrong diagnosis (a hostile task that should have been a crash or a success).
   */
  private static final Duration OTHERS_TIMEOUT = Duration.ofSeconds(20);

  /** A garbage frame for the protocol pipe: a map header declaring 2^31 entries. */
  private static final byte[] FORGED = {0, 0, 0, 5, (byte) 0xdf, 0x7f, (byte) 0xff, -1, -1};

  private final String pkg;
  private final String task;
  private final Class<? extends Outcome> expected;

  SoakBehaviour(String pkg, String task, Class<? extends Outcome> expected) {
    this.pkg = pkg;
    this.task = task;
    this.expected = expected;
  }

  Class<? extends Outcome> expected() {
    return expected;
  }

  Timeouts timeouts() {
    return Timeouts.hard(this == SPIN_FOREVER ? SPIN_TIMEOUT : OTHERS_TIMEOUT);
  }

  /** The request of task number {@code index}; {@code add} adds the index to a constant. */
  ExecuteRequest request(long index) {
    byte[] inputs =
        switch (this) {
          case ADD -> Tdl.inputs(Tdl.encode(Long.class, index), Tdl.encode(Long.class, 1000L));
          case FORGE_FRAME -> Tdl.inputs(Tdl.encode(byte[].class, FORGED));
          case SPAWN_SLEEPERS -> Tdl.inputs(Tdl.encode(Long.class, SLEEPERS_PER_TASK));
          default -> Tdl.noInputs();
        };
    return new ExecuteRequest(pkg, task, Tdl.indexContext(), inputs);
  }

  /**
   * Why a success of task {@code index} has the wrong outputs, or empty when they are right.
   *
   * @param sleepers receives the pids a SPAWN_SLEEPERS task started, to check later they are gone
   */
  Optional<String> checkSuccess(long index, Outcome.Success success, List<Long> sleepers)
      throws CodecException {
    byte[] wire = success.outputs();
    switch (this) {
      case ADD -> {
        long sum = Tdl.singleOutput(wire, Long.class);
        return sum == index + 1000 ? Optional.empty() : Optional.of("add returned " + sum);
      }
      case READ_STDIN -> {
        long read = Tdl.singleOutput(wire, Long.class);
        return read == 0 ? Optional.empty() : Optional.of("stdin held " + read + " bytes");
      }
      case SPAWN_SLEEPERS -> {
        @SuppressWarnings("unchecked")
        List<Long> pids =
            (List<Long>) TdlCodec.ofType(LIST_OF_LONG).decode(Tdl.outputs(wire).get(0));
        sleepers.addAll(pids);
        return pids.size() == SLEEPERS_PER_TASK
            ? Optional.empty()
            : Optional.of("started " + pids.size() + " sleepers");
      }
      default -> {
        return Optional.empty();
      }
    }
  }

  private static final Type LIST_OF_LONG = listOfLong();

  private static Type listOfLong() {
    try {
      return SoakBehaviour.class.getDeclaredMethod("listOfLongShape").getGenericReturnType();
    } catch (NoSuchMethodException e) {
      throw new AssertionError(e);
    }
  }

  /** Never called: its generic return type is {@code List<Long>}, for the codec. */
  @SuppressWarnings("unused")
  private static List<Long> listOfLongShape() {
    return List.of();
  }
}
