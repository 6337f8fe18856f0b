package dev.spider.manager.client;

import java.util.Objects;

/**
 * The acknowledgement of a {@link TaskAssignment} the execution manager has consumed (registered
 * with storage, or dropped on purpose), sent back to the scheduler that issued it so it stops
 * tracking the assignment. Spider's {@code TaskAssignmentRecord}. Get one from {@link
 * TaskAssignment#consumed()}.
 *
 * @param id the assignment
 * @param schedulerId the scheduler that issued it
 */
public record ConsumedAssignment(AssignmentId id, SchedulerId schedulerId) {

  public ConsumedAssignment {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(schedulerId, "schedulerId");
  }
}
