package dev.spider.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.spider.manager.pool.ExecuteRequest;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolConfig;
import dev.spider.manager.pool.PoolException;
import dev.spider.manager.pool.Timeouts;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.wire.WireFormat;
import java.io.IOException;
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

/** {@code spider exec}: runs one task in a fresh executor and prints its outputs as JSON. */
@Command(
    name = "exec",
    description = {
      "Run one task and print its outputs as a JSON array.",
      "Arguments are JSON values, one per task input: 10, 2.5, true, '\"text\"', '[1, 2]', '{\"k\": 1}'."
    })
final class ExecCommand implements Callable<Integer> {

  @Option(names = "--packages", paramLabel = "DIR", required = true, description = "the package directory")
  Path packages;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "PT10M",
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
  public Integer call() throws UsageException, PoolException, InterruptedException, IOException {
    Path dir = CommonOptions.packageDir(packages);
    List<byte[]> inputs = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String what = "argument " + (i + 1);
      inputs.add(JsonValues.toMsgpack(JsonValues.parse(arguments.get(i), what), what));
    }
    byte[] context;
    try {
      context = TaskContext.of(0, TaskId.index(0), 0, 0).encode();
    } catch (TdlError e) {
      throw new IllegalStateException(e);
    }
    PoolConfig config =
        PoolConfig.builder(common.executorJar(), dir).size(1).heap(common.heap()).build();
    try (ExecutorPool pool = ExecutorPool.start(config)) {
      Outcome outcome =
          pool.execute(new ExecuteRequest(packageName, taskName, context, WireFormat.encode(inputs)),
              Timeouts.hard(timeout));
      return report(outcome);
    }
  }

  private int report(Outcome outcome) throws IOException {
    if (outcome instanceof Outcome.Success success) {
      ArrayNode outputs = JsonValues.MAPPER.createArrayNode();
      List<byte[]> payloads;
      try {
        payloads = WireFormat.decode(success.outputs());
      } catch (dev.spider.tdl.wire.WireFormatException e) {
        err.println("error: the task's outputs are not in the wire format: " + e.getMessage());
        return ExitStatus.FAILED;
      }
      for (byte[] payload : payloads) {
        outputs.add(JsonValues.fromMsgpack(payload));
      }
      out.println(outputs);
      return ExitStatus.OK;
    }
    err.println(OutcomeText.describe(outcome));
    return ExitStatus.FAILED;
  }
}
