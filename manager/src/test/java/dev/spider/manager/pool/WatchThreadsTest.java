package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WatchThreadsTest {

  private static final long WAIT_SECONDS = 30;

  // A set of its own: the shared one serves whatever executors other tests left running.
  private final WatchThreads watches = new WatchThreads("spider-watch-idle-");

  @Test
  void aWatchRunsUnderItsNameAndItsThreadServesTheNextOne() throws Exception {
    AtomicReference<Thread> first = new AtomicReference<>();
    AtomicReference<String> firstName = new AtomicReference<>();
    CountDownLatch firstEnded =
        watches.start(
            "executor-7-stderr",
            () -> {
              first.set(Thread.currentThread());
              firstName.set(Thread.currentThread().getName());
            });
    assertTrue(firstEnded.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertEquals("executor-7-stderr", firstName.get());
    Thread thread = first.get();
    assertTrue(thread.isDaemon(), "a watch never keeps the manager alive");
    awaitIdle(thread);
    assertTrue(thread.getName().startsWith("spider-watch-idle-"), thread.getName());

    AtomicReference<Thread> second = new AtomicReference<>();
    CountDownLatch secondEnded =
        watches.start("executor-8-exit", () -> second.set(Thread.currentThread()));
    assertTrue(secondEnded.await(WAIT_SECONDS, TimeUnit.SECONDS));
    assertSame(thread, second.get(), "an idle thread is woken, not a new one created");
  }

  @Test
  void aWatchThatThrowsEndsItsWatchButNotItsThread() throws Exception {
    AtomicReference<Thread> thrower = new AtomicReference<>();
    CountDownLatch ended =
        watches.start(
            "executor-9-exit",
            () -> {
              thrower.set(Thread.currentThread());
              throw new IllegalStateException("broken watch");
            });
    assertTrue(ended.await(WAIT_SECONDS, TimeUnit.SECONDS), "the latch opens however it ended");
    Thread thread = thrower.get();
    awaitIdle(thread);
    assertTrue(thread.isAlive(), "the thread survived the watch's exception");
    assertTrue(thread.getName().startsWith("spider-watch-idle-"), thread.getName());
  }

  @Test
  void aWatchThreadInheritsNothingFromTheThreadThatMadeIt() throws Exception {
    InheritableThreadLocal<String> local = new InheritableThreadLocal<>();
    local.set("the caller's");
    Thread caller = Thread.currentThread();
    ClassLoader callersLoader = caller.getContextClassLoader();
    AtomicReference<String> seen = new AtomicReference<>("unset");
    AtomicReference<ClassLoader> loader = new AtomicReference<>();
    try (URLClassLoader foreign = new URLClassLoader(new URL[0], null)) {
      caller.setContextClassLoader(foreign);
      CountDownLatch ended =
          new WatchThreads("test-watch-idle-")
              .start(
                  "executor-10-exit",
                  () -> {
                    seen.set(local.get());
                    loader.set(Thread.currentThread().getContextClassLoader());
                  });
      assertTrue(ended.await(WAIT_SECONDS, TimeUnit.SECONDS));
    } finally {
      caller.setContextClassLoader(callersLoader);
    }
    assertNull(seen.get(), "no inherited thread-local");
    assertSame(WatchThreads.class.getClassLoader(), loader.get());
  }

  /** Waits until {@code thread} parks for its next watch (its idle wait is timed). */
  private static void awaitIdle(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
    while (thread.getState() != Thread.State.TIMED_WAITING
        || !thread.getName().startsWith("spider-watch-idle-")) {
      assertTrue(System.nanoTime() < deadline, "still not idle: " + thread.getState());
      Thread.sleep(1);
    }
  }
}
