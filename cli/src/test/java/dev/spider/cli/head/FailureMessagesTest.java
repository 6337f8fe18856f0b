package dev.spider.cli.head;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.manager.client.TaskFailure;
import org.junit.jupiter.api.Test;

/** The failure class travels as a prefix of the message; no prefix is environmental. */
final class FailureMessagesTest {

  @Test
  void thePrefixIsTheClassAndTheRestTheMessage() {
    assertEquals(
        TaskFailure.deterministic("TaskError: bad input"),
        FailureMessages.parse("deterministic: TaskError: bad input"));
    assertEquals(
        TaskFailure.environmental("timeout: hard timeout of 5 s passed"),
        FailureMessages.parse("environmental: timeout: hard timeout of 5 s passed"));
  }

  @Test
  void withoutAnExactPrefixTheWholeMessageIsEnvironmental() {
    for (String message :
        new String[] {
          "in-task failure: oops", "Deterministic: capitalised", "deterministic:no space", ""
        }) {
      assertEquals(TaskFailure.environmental(message), FailureMessages.parse(message));
    }
  }
}
