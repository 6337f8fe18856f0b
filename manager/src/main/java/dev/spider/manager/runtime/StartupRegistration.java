package dev.spider.manager.runtime;

import dev.spider.manager.client.LivenessClient;
import dev.spider.manager.client.Registration;
import dev.spider.manager.client.TransportException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The boot-time registration with storage, retrying transport errors with {@link
 * RuntimeConfig#registration()}, as {@link LivenessClient#register} documents: the manager can do
 * nothing useful unregistered, so after the last attempt it gives up with an error. (Registering
 * again after storage declared the manager dead is the liveness heartbeat's job.)
 *
 * <p>Stateless; runs on the thread that calls {@link ExecutionManager#start}.
 */
final class StartupRegistration {

  private static final Logger log = LoggerFactory.getLogger(StartupRegistration.class);

  private StartupRegistration() {}

  /**
   * Registers through {@code liveness}, advertising {@link RuntimeConfig#advertisedAddress()}.
   *
   * @throws ExecutionManagerException of kind {@link ExecutionManagerException.Kind#REGISTRATION}
   *     when storage stayed unreachable for every attempt
   * @throws InterruptedException the calling thread was interrupted while registering
   */
  static Registration register(RuntimeConfig config, LivenessClient liveness)
      throws ExecutionManagerException, InterruptedException {
    RetryPolicy retry = config.registration();
    for (int attempt = 1; ; attempt++) {
      try {
        Registration registration = liveness.register(config.advertisedAddress());
        log.info(
            "registered with storage as execution manager {} in session {} (advertising {})",
            registration.emId(),
            registration.sessionId(),
            config.advertisedAddress());
        return registration;
      } catch (TransportException e) {
        if (attempt >= retry.maxAttempts()) {
          throw new ExecutionManagerException(
              ExecutionManagerException.Kind.REGISTRATION,
              "cannot register with storage (advertising "
                  + config.advertisedAddress()
                  + "): "
                  + attempt
                  + " attempt(s) failed, the last with: "
                  + e.getMessage()
                  + "; check that storage is running and reachable",
              e);
        }
        Duration delay = retry.backoff().delayAfter(attempt);
        log.warn(
            "registering with storage failed (attempt {} of {}): {}; trying again in {}",
            attempt,
            retry.maxAttempts(),
            e.getMessage(),
            delay);
        TimeUnit.NANOSECONDS.sleep(delay.toNanos());
      }
    }
  }
}
