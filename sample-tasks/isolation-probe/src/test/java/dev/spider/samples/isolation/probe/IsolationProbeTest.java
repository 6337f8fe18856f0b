package dev.spider.samples.isolation.probe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.binding.PackageBinding;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks the probe's mechanics on the plain test class path. What it reports inside the executor
 * (no executor dependency visible, its own context loader) is asserted by the executor's tests.
 */
final class IsolationProbeTest {

  private final IsolationProbe probe = new IsolationProbe();

  @Test
  void bindsItsTasks() throws Exception {
    assertEquals(
        List.of(
            "context_class_loader_is_package_loader",
            "load_executor_class",
            "system_property_is_set",
            "tdl_api_loaded_by_parent"),
        PackageBinding.bind(probe).taskNames());
  }

  @Test
  void loadsWhatItsLoaderSeesAndNothingElse() throws Exception {
    assertTrue(probe.loadExecutorClass(context(), "java.util.List"));
    assertTrue(probe.loadExecutorClass(context(), "dev.spider.tdl.TaskPackage"));
    assertFalse(probe.loadExecutorClass(context(), "dev.spider.does.not.Exist"));
  }

  @Test
  void seesWhetherASystemPropertyIsSetEvenWhenEmpty() throws Exception {
    assertTrue(probe.systemPropertyIsSet(context(), "java.version"));
    assertFalse(probe.systemPropertyIsSet(context(), "dev.spider.never.set"));
    System.setProperty("dev.spider.probe.empty", "");
    try {
      assertTrue(probe.systemPropertyIsSet(context(), "dev.spider.probe.empty"));
    } finally {
      System.clearProperty("dev.spider.probe.empty");
    }
  }

  @Test
  void sharesOneLoaderWithTdlApiOnAFlatClassPath() throws Exception {
    assertFalse(probe.tdlApiLoadedByParent(context()));
  }

  private static TaskContext context() throws Exception {
    return TaskContext.of(1L, TaskId.index(0L), 2L, 3L);
  }
}
