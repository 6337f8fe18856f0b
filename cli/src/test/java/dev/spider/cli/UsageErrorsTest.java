package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The nearest known name a typo is offered, or none when nothing is close. */
final class UsageErrorsTest {

  private static final List<String> COMMANDS =
      List.of("demo", "exec", "run", "packages", "head", "worker", "help");

  @Test
  void typosAndPrefixesFindTheirCommand() {
    assertEquals(Optional.of("run"), UsageErrors.nearest("rn", COMMANDS));
    assertEquals(Optional.of("run"), UsageErrors.nearest("rnu", COMMANDS));
    assertEquals(Optional.of("packages"), UsageErrors.nearest("pakages", COMMANDS));
    assertEquals(Optional.of("worker"), UsageErrors.nearest("work", COMMANDS));
    assertEquals(
        Optional.of("--executors"), UsageErrors.nearest("--exectors", List.of("--executors")));
  }

  @Test
  void nothingCloseIsNoSuggestion() {
    assertEquals(Optional.empty(), UsageErrors.nearest("frobnicate", COMMANDS));
    assertEquals(Optional.empty(), UsageErrors.nearest("x", COMMANDS));
  }
}
