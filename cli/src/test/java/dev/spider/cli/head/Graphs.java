package dev.spider.cli.head;

/**
 * Task graphs in upstream's JSON, as a Spider client submits them (docs/cluster.md), for the head's
 * tests. Every input and output is an {@code Int64}. Stateless.
 */
final class Graphs {

  private static final String INT64 = "{\"Value\": {\"Primitive\": {\"Int\": \"Int64\"}}}";

  private Graphs() {}

  /**
   * One root task {@code func} taking one input and declaring {@code outputs} outputs, retried up
   * to {@code retries} times; a commit and a cleanup task.
   */
  static String single(String func, int retries, int outputs) {
    return """
        {"schema_version": "0.1.0",
         "tasks": [
           {"tdl_context": {"package": "%s", "task_func": "%s"},
            "execution_policy": {"max_num_retry": %d, "max_num_instances": 1,
                                 "timeout_policy": {"soft_timeout_ms": 1000,
                                                    "hard_timeout_ms": 2000}},
            "inputs": [%s], "outputs": [%s], "input_sources": null}],
         "commit_task": {"tdl_context": {"package": "%1$s", "task_func": "commit"}},
         "cleanup_task": {"tdl_context": {"package": "%1$s", "task_func": "cleanup"}}}
        """
        .formatted(HeadFixture.PKG, func, retries, INT64, repeat(outputs));
  }

  /**
   * Two root tasks {@code a} and {@code b}, one input each, one output each, and task {@code sum}
   * taking both outputs; no termination tasks. The job takes two inputs and has one output.
   */
  static String diamond() {
    return """
        {"schema_version": "0.1.0",
         "tasks": [
           {"tdl_context": {"package": "%1$s", "task_func": "a"},
            "inputs": [%2$s], "outputs": [%2$s], "input_sources": null},
           {"tdl_context": {"package": "%1$s", "task_func": "b"},
            "inputs": [%2$s], "outputs": [%2$s]},
           {"tdl_context": {"package": "%1$s", "task_func": "sum"},
            "inputs": [%2$s, %2$s], "outputs": [%2$s],
            "input_sources": [{"task_idx": 0, "position": 0}, {"task_idx": 1, "position": 0}]}],
         "commit_task": null,
         "cleanup_task": null}
        """
        .formatted(HeadFixture.PKG, INT64);
  }

  private static String repeat(int n) {
    return String.join(", ", java.util.Collections.nCopies(n, INT64));
  }
}
