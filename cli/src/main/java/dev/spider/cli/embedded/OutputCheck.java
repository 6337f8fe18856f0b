package dev.spider.cli.embedded;

import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.OutputDeclaration;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.types.TdlType;
import dev.spider.manager.client.InvalidInputException;
import dev.spider.manager.client.TaskOutputs;
import dev.spider.tdl.codec.CodecException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The checks storage makes on the outputs of a success report before it keeps them: none for the
 * commit and cleanup tasks; for a graph task, present, of the declared count and types when it
 * declares types, of the declared count only when it declares opaque descriptors (a Spider task
 * graph's, whose values Spider's storage never checks either), and at least as many as any other
 * task or the job's outputs take from it.
 *
 * <p>Stateless. Call it under the {@link JobStore}'s lock: it reads the records that lock guards.
 */
final class OutputCheck {

  private OutputCheck() {}

  /**
   * The payloads to keep for {@code task}, or why storage refuses them.
   *
   * @param call the storage call, for messages
   * @throws InvalidInputException naming the call, the task and the broken rule
   */
  static List<byte[]> payloads(String call, TaskRecord task, Optional<TaskOutputs> outputs)
      throws InvalidInputException {
    Optional<TaskSpec> spec = task.spec();
    if (spec.isEmpty()) {
      if (outputs.isPresent()) {
        throw new InvalidInputException(
            call
                + ": the "
                + task.name()
                + " task reports no outputs (storage does not keep them)");
      }
      return List.of();
    }
    if (outputs.isEmpty()) {
      throw new InvalidInputException(
          call + ": graph task '" + task.name() + "' must report outputs");
    }
    List<byte[]> payloads = outputs.get().payloads();
    OutputDeclaration declared = spec.get().outputs();
    if (declared instanceof OutputDeclaration.Typed typed) {
      checkTypes(call, task.name(), typed.types(), payloads);
    } else if (declared instanceof OutputDeclaration.Described described
        && payloads.size() != described.descriptors().size()) {
      throw new InvalidInputException(
          call
              + ": task '"
              + task.name()
              + "' ("
              + task.function()
              + ") declares "
              + described.descriptors().size()
              + " output(s) "
              + described.descriptors()
              + " but returned "
              + payloads.size());
    }
    for (Map.Entry<String, OutputRef> use : usesOf(task.job().spec(), task.name()).entrySet()) {
      if (use.getValue().output() >= payloads.size()) {
        throw new InvalidInputException(
            call
                + ": task '"
                + task.name()
                + "' returned "
                + payloads.size()
                + " output(s), but "
                + use.getKey()
                + " takes output "
                + use.getValue().output());
      }
    }
    return payloads;
  }

  private static void checkTypes(
      String call, String taskName, List<TdlType> types, List<byte[]> payloads)
      throws InvalidInputException {
    if (payloads.size() != types.size()) {
      // Said plainly first: a table cell shows only the beginning of the message.
      throw new InvalidInputException(
          "task '"
              + taskName
              + "' returned "
              + count(payloads.size())
              + ", but the job file declares "
              + types.size()
              + " output(s) "
              + types
              + "; make the task's \"outputs\" in the job file match what the task returns"
              + " (storage refused "
              + call
              + ")");
    }
    for (int i = 0; i < types.size(); i++) {
      try {
        types.get(i).decode(payloads.get(i));
      } catch (CodecException e) {
        throw new InvalidInputException(
            call
                + ": output "
                + i
                + " of task '"
                + taskName
                + "' is not the declared "
                + types.get(i)
                + ": "
                + e.getMessage());
      }
    }
  }

  private static String count(int outputs) {
    return outputs == 1 ? "1 output" : outputs + " outputs";
  }

  /** Where the outputs of task {@code producer} are used: a description, and the reference. */
  private static Map<String, OutputRef> usesOf(JobSpec spec, String producer) {
    Map<String, OutputRef> uses = new LinkedHashMap<>();
    for (TaskSpec task : spec.tasks()) {
      for (int j = 0; j < task.inputs().size(); j++) {
        if (task.inputs().get(j) instanceof OutputRef ref && ref.task().equals(producer)) {
          uses.put("input " + j + " of task '" + task.id() + "'", ref);
        }
      }
    }
    List<OutputRef> outputs = spec.jobOutputs().orElse(List.of());
    for (int k = 0; k < outputs.size(); k++) {
      if (outputs.get(k).task().equals(producer)) {
        uses.put("job output " + k, outputs.get(k));
      }
    }
    return uses;
  }
}
