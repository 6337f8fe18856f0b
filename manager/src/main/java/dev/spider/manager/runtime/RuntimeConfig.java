package dev.spider.manager.runtime;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the {@link ExecutionManager} runtime. Build with {@link #builder(InetAddress)}; every
 * setting but the advertised address has a default.
 *
 * @param advertisedAddress the address given to {@code LivenessClient.register}
 * @param pollWait how long one {@code nextTask} long-poll may be held open by the scheduler; also
 *     the longest the loop waits for a free slot or a registration before re-checking for a stop
 * @param livenessInterval time between liveness heartbeats, measured from the end of the previous
 *     one (so ticks missed while a heartbeat hung are skipped, never replayed in a burst)
 * @param schedulerHeartbeatInterval time between scheduler heartbeats, measured the same way
 * @param sessionRefreshWait how long the loop waits for the liveness heartbeat it asked for when an
 *     assignment or storage reveals a different session, before carrying on without it
 * @param shutdownGrace how long running tasks may take to finish when the loop stops on its own
 *     (after an error), or when {@link ExecutionManager#shutdown()} is called without a grace
 * @param reportDrainTimeout how long shutdown waits for pending outcome reports (and their retries)
 *     after the tasks ended
 * @param registration boot-time {@code LivenessClient.register}: attempts through transport errors
 *     before {@link ExecutionManager#start} gives up
 * @param taskRegistration {@code registerTaskInstance}: attempts through transport errors whose
 *     request provably never reached storage ({@code TransportException.Arrival.NOT_SENT}) before
 *     the assignment is given up (not acknowledged, so the scheduler can hand it out again). A
 *     transport error that may have reached storage stops the manager with an error at once,
 *     whatever this policy says, leaving the assignment unacknowledged: a retry could wedge the
 *     task (docs/cluster.md)
 * @param reports outcome reports: attempts through transport errors before the report is dropped
 *     (storage's own timeout for the instance then takes over)
 * @param polling delay between {@code nextTask} calls that failed; polling never gives up
 */
public record RuntimeConfig(
    InetAddress advertisedAddress,
    Duration pollWait,
    Duration livenessInterval,
    Duration schedulerHeartbeatInterval,
    Duration sessionRefreshWait,
    Duration shutdownGrace,
    Duration reportDrainTimeout,
    RetryPolicy registration,
    RetryPolicy taskRegistration,
    RetryPolicy reports,
    Backoff polling) {

  /**
   * @throws IllegalArgumentException when a duration that must be positive is not, or {@code
   *     shutdownGrace} or {@code reportDrainTimeout} is negative
   */
  public RuntimeConfig {
    Objects.requireNonNull(advertisedAddress, "advertisedAddress");
    requirePositive(pollWait, "poll wait");
    requirePositive(livenessInterval, "liveness heartbeat interval");
    requirePositive(schedulerHeartbeatInterval, "scheduler heartbeat interval");
    requirePositive(sessionRefreshWait, "session refresh wait");
    requireNotNegative(shutdownGrace, "shutdown grace");
    requireNotNegative(reportDrainTimeout, "report drain timeout");
    Objects.requireNonNull(registration, "registration");
    Objects.requireNonNull(taskRegistration, "taskRegistration");
    Objects.requireNonNull(reports, "reports");
    Objects.requireNonNull(polling, "polling");
  }

  /** A builder with the defaults listed on {@link Builder}. */
  public static Builder builder(InetAddress advertisedAddress) {
    return new Builder(advertisedAddress);
  }

  /** Defaults for everything but the address. */
  public static RuntimeConfig defaults(InetAddress advertisedAddress) {
    return builder(advertisedAddress).build();
  }

  private static void requirePositive(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(what + " must be positive, got " + value);
    }
  }

  private static void requireNotNegative(Duration value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isNegative()) {
      throw new IllegalArgumentException(what + " must not be negative, got " + value);
    }
  }

  /**
   * Mutable builder; {@link #build()} validates. Defaults: poll wait 5 s; liveness and scheduler
   * heartbeats every 5 s; session refresh wait 2 s; shutdown grace 10 s; report drain 10 s;
   * registration 5 attempts backing off 200 ms to 5 s; task registration and reports 5 attempts
   * backing off 100 ms to 2 s; polling backing off 100 ms to 5 s.
   */
  public static final class Builder {
    private final InetAddress advertisedAddress;
    private Duration pollWait = Duration.ofSeconds(5);
    private Duration livenessInterval = Duration.ofSeconds(5);
    private Duration schedulerHeartbeatInterval = Duration.ofSeconds(5);
    private Duration sessionRefreshWait = Duration.ofSeconds(2);
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private Duration reportDrainTimeout = Duration.ofSeconds(10);
    private RetryPolicy registration =
        new RetryPolicy(5, new Backoff(Duration.ofMillis(200), Duration.ofSeconds(5)));
    private RetryPolicy taskRegistration =
        new RetryPolicy(5, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)));
    private RetryPolicy reports =
        new RetryPolicy(5, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2)));
    private Backoff polling = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private Builder(InetAddress advertisedAddress) {
      this.advertisedAddress = advertisedAddress;
    }

    public Builder pollWait(Duration wait) {
      this.pollWait = wait;
      return this;
    }

    public Builder livenessInterval(Duration interval) {
      this.livenessInterval = interval;
      return this;
    }

    public Builder schedulerHeartbeatInterval(Duration interval) {
      this.schedulerHeartbeatInterval = interval;
      return this;
    }

    public Builder sessionRefreshWait(Duration wait) {
      this.sessionRefreshWait = wait;
      return this;
    }

    public Builder shutdownGrace(Duration grace) {
      this.shutdownGrace = grace;
      return this;
    }

    public Builder reportDrainTimeout(Duration timeout) {
      this.reportDrainTimeout = timeout;
      return this;
    }

    public Builder registration(RetryPolicy policy) {
      this.registration = policy;
      return this;
    }

    public Builder taskRegistration(RetryPolicy policy) {
      this.taskRegistration = policy;
      return this;
    }

    public Builder reports(RetryPolicy policy) {
      this.reports = policy;
      return this;
    }

    public Builder polling(Backoff backoff) {
      this.polling = backoff;
      return this;
    }

    public RuntimeConfig build() {
      return new RuntimeConfig(
          advertisedAddress,
          pollWait,
          livenessInterval,
          schedulerHeartbeatInterval,
          sessionRefreshWait,
          shutdownGrace,
          reportDrainTimeout,
          registration,
          taskRegistration,
          reports,
          polling);
    }
  }
}
