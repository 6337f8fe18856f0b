package dev.spider.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spider.cli.types.InvalidLiteralException;
import dev.spider.cli.types.TdlValues;
import dev.spider.cli.types.TdlValues.BinaryForm;
import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.pool.Timeouts;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.wire.WireFormat;
import dev.spider.tdl.wire.WireFormatException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code spider exec}: runs one task in a fresh executor and prints its outputs as JSON. Arguments
 * and outputs have no declared types, so they are converted {@linkplain TdlValues#encodeUntyped
 * untyped} (see docs/cli.md); byte sequences are arrays of integers both ways.
 *
 * <p>Not thread-safe: picocli fills its fields, then calls it once.
 */
@Command(
    name = "exec",
    description = {
      "Run one task and print its outputs as a JSON array.",
      "Arguments are JSON values, one per task input: 10, 2.5, true, '\"text\"', '[1, 2]', '{\"k\": 1}'."
    })
final class ExecCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--packages",
      paramLabel = "DIR",
      description = "the package directory (default: $SPIDER_TDL_PACKAGE_DIR)")
  Path packages;

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      defaultValue = "PT10M",
      converter = DurationConverter.class,
      description = "hard timeout, e.g. 30s, 5m or PT1H (default: 10m)")
  Duration timeout;

  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "PACKAGE", description = "package name")
  String packageName;

  @Parameters(index = "1", paramLabel = "TASK", description = "task name")
  String taskName;

  @Parameters(index = "2..*", paramLabel = "ARG", description = "task inputs as JSON values")
  List<String> arguments = new ArrayList<>();

  private final PrintStream out;
  private final PrintStream err;

  ExecCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws UsageException, PoolException, InterruptedException {
    Path dir = CommonOptions.packageDir(packages);
    List<JsonNode> values = new ArrayList<>();
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      values.add(json(arguments.get(i), "argument " + (i + 1)));
      inputs.add(encode(values.get(i), "argument " + (i + 1)));
    }
    byte[] context;
    try {
      context = TaskContext.of(0, TaskId.index(0), 0, 0).encode();
    } catch (TdlError e) {
      throw new IllegalStateException(e);
    }
    PoolConfig config =
        // A one-shot pool: a spare executor would only cost a JVM start.
        common.pool(dir).size(1).spares(0).build();
    // Ctrl-C: closing the pool interrupts the task (Shutdown), then kills it after the grace.
    try (ExecutorPool pool = ExecutorPool.start(config);
        StopSignals signals =
            StopSignals.install(err, "stopping the task", config.shutdownGrace(), pool::close)) {
      // Names, arity and types are checked against the package's description first, so a mistake
      // is a usage error in the user's terms rather than a task failure (docs/cli.md).
      TaskCallCheck.check(pool, dir, packageName, taskName, values);
      Outcome outcome =
          pool.execute(
              new ExecuteRequest(packageName, taskName, context, WireFormat.encode(inputs)),
              Timeouts.hard(timeout));
      int status = report(outcome);
      if (status != ExitStatus.OK && !common.verbose) {
        err.println("spider: the task failed" + VerboseHint.unless(false));
      }
      return signals.received().map(StopSignals.Signal::exitStatus).orElse(status);
    }
  }

  /**
   * One argument typed on the command line, as JSON.
   *
   * @throws UsageException naming the argument and what is wrong with it
   */
  private static JsonNode json(String text, String what) throws UsageException {
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UsageException(
          what + " is not JSON: " + text + " (strings need quotes: '\"text\"' in the shell)", e);
    }
    if (node == null || node.isMissingNode()) {
      throw new UsageException(what + " is empty: give a JSON value, e.g. 10, \"text\" or [1, 2]");
    }
    return node;
  }

  /**
   * One argument as MessagePack, untyped.
   *
   * @throws UsageException naming the argument and what is wrong with it
   */
  private static byte[] encode(JsonNode node, String what) throws UsageException {
    try {
      return TdlValues.encodeUntyped(node);
    } catch (InvalidLiteralException e) {
      throw new UsageException(what + ": " + e.problem(), e);
    }
  }

  private int report(Outcome outcome) {
    if (!(outcome instanceof Outcome.Success success)) {
      err.println(OutcomeText.describe(outcome));
      return ExitStatus.FAILED;
    }
    List<Object> outputs = new ArrayList<>();
    try {
      for (byte[] payload : WireFormat.decode(success.outputs())) {
        outputs.add(TdlValues.decodeUntyped(payload, BinaryForm.INTEGERS));
      }
    } catch (WireFormatException e) {
      err.println("error: the task's outputs are not in the wire format: " + e.getMessage());
      return ExitStatus.FAILED;
    } catch (CodecException e) {
      err.println("error: an output of the task is not one MessagePack value: " + e.getMessage());
      return ExitStatus.FAILED;
    }
    out.println(TdlValues.toJson(outputs));
    return ExitStatus.OK;
  }
}
