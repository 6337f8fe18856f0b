package dev.spider.samples.broken.duplicatetasknames;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.binding.PackageBinding;
import dev.spider.tdl.binding.TaskDefinitionException;
import org.junit.jupiter.api.Test;

/** Checks the package is broken the intended way: tdl-api refuses to bind its tasks. */
final class DuplicateTaskNamesTest {

  @Test
  void bindingRefusesTheDuplicateTaskName() {
    TaskDefinitionException e =
        assertThrows(
            TaskDefinitionException.class, () -> PackageBinding.bind(new DuplicateTaskNames()));
    assertTrue(e.getMessage().contains("'echo' twice"), e.getMessage());
  }
}
