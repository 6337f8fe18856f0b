package dev.spider.cli.head;

import dev.spider.manager.client.ExecutionManagerId;
import dev.spider.manager.client.SessionId;
import io.grpc.Status;
import io.grpc.StatusException;

/**
 * The statuses the head answers with, worded as upstream's storage and scheduler word them, since
 * clients map the codes and some parse the text (docs/cluster.md): the stale-session number, for
 * one, travels only in the message.
 *
 * <p>Stateless.
 */
final class Statuses {

  /** Storage's answer to anything unexpected. */
  static final Status STORAGE_INTERNAL =
      Status.INTERNAL.withDescription("storage service internal error");

  /** The scheduler's answer to anything unexpected. */
  static final Status SCHEDULER_INTERNAL = Status.INTERNAL.withDescription("internal error");

  private Statuses() {}

  /** {@code NOT_FOUND}: the request's session is not storage's. */
  static StatusException staleSession(SessionId current) {
    return Status.NOT_FOUND
        .withDescription("stale session; current storage session is " + current)
        .asException();
  }

  /** {@code FAILED_PRECONDITION}: the request is about something no longer runnable or known. */
  static StatusException cacheStale(String detail) {
    return Status.FAILED_PRECONDITION.withDescription("cache stale: " + detail).asException();
  }

  /** {@code INVALID_ARGUMENT}: the request is malformed. */
  static StatusException invalidArgument(String detail) {
    return Status.INVALID_ARGUMENT.withDescription(detail).asException();
  }

  /** {@code NOT_FOUND}: job orchestration about a job storage never registered. */
  static StatusException jobNotFound() {
    return Status.NOT_FOUND.withDescription("job not found").asException();
  }

  /** {@code FAILED_PRECONDITION}: the job is not in a state the call can act on. */
  static StatusException invalidJobState(String detail) {
    return Status.FAILED_PRECONDITION.withDescription(detail).asException();
  }

  /** {@code UNAUTHENTICATED}: an unknown resource group, or the wrong password. */
  static StatusException invalidResourceGroup() {
    return Status.UNAUTHENTICATED.withDescription("invalid resource group").asException();
  }

  /** {@code ALREADY_EXISTS}: a resource group with this external id was added before. */
  static StatusException resourceGroupExists(String externalId) {
    return Status.ALREADY_EXISTS
        .withDescription("resource group `\"" + externalId + "\"` already exists")
        .asException();
  }

  /** {@code FAILED_PRECONDITION}: the execution manager was declared dead. */
  static StatusException alreadyDead(ExecutionManagerId em) {
    return Status.FAILED_PRECONDITION
        .withDescription(
            "execution manager "
                + em
                + " is already dead (silent for longer than the liveness cut-off); register again")
        .asException();
  }

  /** {@code INVALID_ARGUMENT}: storage never issued this execution manager id. */
  static StatusException illegalManagerId(ExecutionManagerId em) {
    return Status.INVALID_ARGUMENT
        .withDescription("illegal execution manager id " + em + ": never registered")
        .asException();
  }

  /** {@code NOT_FOUND}: the scheduler does not know the execution manager. */
  static StatusException managerNotFound() {
    return Status.NOT_FOUND.withDescription("execution manager not found").asException();
  }

  /** {@code INTERNAL}: the scheduler stopped while the call waited. */
  static StatusException schedulerShuttingDown() {
    return Status.INTERNAL.withDescription("scheduler is shutting down").asException();
  }
}
