package dev.spider.manager.runtime;

import static dev.spider.manager.runtime.Fixtures.BOOT_SESSION;
import static dev.spider.manager.runtime.Fixtures.assignment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.manager.client.TaskAssignment;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The acknowledgement queue: oldest first, out only when delivered or drained at shutdown. */
final class AcknowledgementsTest {

  private final Acknowledgements acks = new Acknowledgements();
  private final TaskAssignment first = assignment(1, BOOT_SESSION);
  private final TaskAssignment second = assignment(2, BOOT_SESSION);

  @Test
  void theOldestIsSentFirstAndLeavesOnlyWhenDelivered() {
    assertEquals(Optional.empty(), acks.next());
    acks.consumed(first);
    acks.consumed(second);

    assertEquals(Optional.of(first.consumed()), acks.next());
    assertEquals(Optional.of(first.consumed()), acks.next(), "sent again until delivered");
    acks.delivered(first.consumed());

    assertEquals(Optional.of(second.consumed()), acks.next());
  }

  @Test
  void whatIsLeftIsDrainedOnceForTheShutdown() {
    acks.consumed(first);
    acks.consumed(second);
    acks.delivered(first.consumed());

    assertEquals(List.of(second.consumed()), acks.drain());
    assertEquals(List.of(), acks.drain());
    assertEquals(Optional.empty(), acks.next());
  }

  @Test
  void onlyTheOldestCanBeDelivered() {
    acks.consumed(first);
    acks.consumed(second);

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> acks.delivered(second.consumed()));

    assertTrue(e.getMessage().contains(second.consumed().toString()), e.getMessage());
    assertEquals(List.of(first.consumed(), second.consumed()), acks.drain());
  }
}
