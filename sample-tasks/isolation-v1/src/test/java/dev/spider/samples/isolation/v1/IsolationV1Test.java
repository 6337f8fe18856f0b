package dev.spider.samples.isolation.v1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.binding.PackageBinding;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Checks, on the plain test class path (where Maven's mediation picks this module's own
 * msgpack-core over tdl-api's), that the tasks report msgpack-core 0.8.24, so that in the executor
 * a different answer can only mean the package loader handed out another copy.
 */
final class IsolationV1Test {

  private final IsolationV1 tasks = new IsolationV1();

  @Test
  void bindsItsTasks() throws Exception {
    assertEquals(
        List.of("has_timestamp_api", "library_implementation_version", "library_version"),
        PackageBinding.bind(tasks).taskNames());
  }

  @Test
  void reportsTheBundledJar() throws Exception {
    assertEquals("msgpack-core-0.8.24.jar", tasks.libraryVersion(context()));
    assertEquals(Optional.of("0.8.24"), tasks.libraryImplementationVersion(context()));
  }

  @Test
  void timestampApiMatchesTheVersion() throws Exception {
    assertFalse(tasks.hasTimestampApi(context()), "0.8.24 lacks packTimestamp");
  }

  private static TaskContext context() throws Exception {
    return TaskContext.of(1L, TaskId.index(0L), 2L, 3L);
  }
}
