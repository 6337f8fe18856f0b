package dev.spider.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Request;
import dev.spider.protocol.frame.FrameLimits;
import dev.spider.protocol.frame.FrameReader;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.protocol.process.ExitStatus;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The request threads' hand-overs (docs/architecture.md, "Threads") with a scripted runner: arrival
 * order, Interrupts that reach exactly the running request, retirement after a failure, and how
 * Shutdown and EOF end the crew. Every wait is bounded by {@link #WAIT}.
 */
class CrewTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  private final Feed stdin = new Feed();
  private final RunningTask running = new RunningTask();
  private final ScriptedWork work = new ScriptedWork(running);
  private final RecordingEnding ending = new RecordingEnding();

  @AfterEach
  void endCrew() {
    stdin.end(); // the reader halts (recorded), every thread standing by stays parked: daemons
  }

  @Test
  void requestsPipelinedBehindARunningOneRunInArrivalOrderOnTheRunningThread() throws Exception {
    work.block(1);
    start();
    for (long seq = 1; seq <= 4; seq++) {
      stdin.send(execute(seq));
    }
    work.awaitStarted(1);
    stdin.awaitReaderWaiting(); // 2, 3 and 4 were read, and queued behind 1
    work.release(1);
    List<Ran> ran = work.awaitRuns(4);
    assertEquals(List.of(1L, 2L, 3L, 4L), ran.stream().map(Ran::seq).toList());
    assertEquals(1, ran.stream().map(Ran::thread).distinct().count(), ran::toString);
  }

  @Test
  void anInterruptReachesTheRunningRequestAndNeverTheNextOne() throws Exception {
    work.block(1);
    start();
    stdin.send(execute(1));
    work.awaitStarted(1);
    stdin.send(new Request.Interrupt(1));
    assertTrue(work.awaitInterrupted(1), "the Interrupt reached seq 1");
    stdin.send(new Request.Interrupt(1)); // late: seq 1 is over or ending
    stdin.send(execute(2));
    List<Ran> ran = work.awaitRuns(2);
    assertTrue(ran.get(0).interrupted());
    assertFalse(ran.get(1).interrupted(), "a late Interrupt leaked into seq 2");
  }

  @Test
  void aThreadWhoseRequestFailedIsRetired() throws Exception {
    work.fail(1);
    start();
    stdin.send(execute(1));
    work.awaitRuns(1);
    stdin.send(execute(2));
    stdin.send(execute(3));
    List<Ran> ran = work.awaitRuns(3);
    Thread failed = ran.get(0).thread();
    failed.join(WAIT.toMillis());
    assertFalse(failed.isAlive(), "the failed thread ends");
    assertTrue(ran.stream().skip(1).noneMatch(r -> r.thread() == failed), ran::toString);
  }

  @Test
  void shutdownWhileARequestRunsInterruptsItAndEndsAfterIt() throws Exception {
    work.block(1);
    start();
    stdin.send(execute(1));
    work.awaitStarted(1);
    stdin.send(new Request.Shutdown());
    assertTrue(work.awaitInterrupted(1), "Shutdown interrupted seq 1");
    assertEquals(ExitStatus.ORDERLY, ending.awaitHalt());
    assertEquals(1, work.runs().size());
  }

  @Test
  void shutdownWhileIdleEndsAtOnce() throws Exception {
    start();
    stdin.send(new Request.Shutdown());
    assertEquals(ExitStatus.ORDERLY, ending.awaitHalt());
  }

  @Test
  void endOfInputEndsEvenInTheMiddleOfARequest() throws Exception {
    work.block(1);
    start();
    stdin.send(execute(1));
    work.awaitStarted(1);
    stdin.end();
    assertTrue(ending.awaitEndOfInput(), "EOF acted while seq 1 still ran");
    work.release(1);
  }

  @Test
  void anUnreadableStreamHaltsWithStatusTwo() throws Exception {
    start();
    stdin.sendBody(new byte[] {(byte) 0xc1});
    assertEquals(ExitStatus.UNREADABLE_STREAM, ending.awaitHalt());
  }

  private void start() {
    RequestReader reader =
        new RequestReader(new FrameReader(stdin, FrameLimits.DEFAULT_MAX_FRAME_BYTES), running);
    new Crew(reader, work, ending, 0).start();
  }

  private static Request.Execute execute(long seq) {
    return new Request.Execute(seq, "pkg", "task", new byte[0], new byte[0]);
  }

  /** One request the scripted runner ran: on which thread, and whether an Interrupt reached it. */
  record Ran(long seq, Thread thread, boolean interrupted) {}

  /** Runs requests as scripted: blocks until released or interrupted, or fails. */
  private static final class ScriptedWork implements Crew.Work {
    private final RunningTask running;
    private final BlockingQueue<Ran> runs = new LinkedBlockingQueue<>();
    private final List<Ran> seen = new CopyOnWriteArrayList<>();
    private final Map<Long, CountDownLatch> blocked = new ConcurrentHashMap<>();
    private final Map<Long, CountDownLatch> started = new ConcurrentHashMap<>();
    private final Map<Long, CountDownLatch> interrupted = new ConcurrentHashMap<>();
    private volatile long failing = -1;

    ScriptedWork(RunningTask running) {
      this.running = running;
    }

    void block(long seq) {
      blocked.put(seq, new CountDownLatch(1));
    }

    void release(long seq) {
      blocked.get(seq).countDown();
    }

    void fail(long seq) {
      failing = seq;
    }

    @Override
    public boolean run(Received received) {
      long seq = ((Request.Execute) received.request()).seq();
      running.begin(seq);
      started.computeIfAbsent(seq, s -> new CountDownLatch(1)).countDown();
      boolean wasInterrupted = false;
      try {
        CountDownLatch gate = blocked.get(seq);
        if (gate != null) {
          try {
            gate.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException e) {
            wasInterrupted = true;
            interrupted.computeIfAbsent(seq, s -> new CountDownLatch(1)).countDown();
          }
        }
      } finally {
        wasInterrupted |= running.end();
      }
      Ran ran = new Ran(seq, Thread.currentThread(), wasInterrupted);
      seen.add(ran);
      runs.add(ran);
      return seq != failing;
    }

    @Override
    public void afterRequest() {}

    void awaitStarted(long seq) throws InterruptedException {
      assertTrue(
          started
              .computeIfAbsent(seq, s -> new CountDownLatch(1))
              .await(WAIT.toMillis(), TimeUnit.MILLISECONDS),
          "seq " + seq + " started");
    }

    boolean awaitInterrupted(long seq) throws InterruptedException {
      return interrupted
          .computeIfAbsent(seq, s -> new CountDownLatch(1))
          .await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    List<Ran> awaitRuns(int count) throws InterruptedException {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (seen.size() < count) {
        Ran next = runs.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        assertTrue(next != null, () -> "only " + seen + " ran within " + WAIT);
      }
      return List.copyOf(seen);
    }

    List<Ran> runs() {
      return List.copyOf(seen);
    }
  }

  /** Records how the crew ended; the thread that ends stops with {@link Ended}. */
  private static final class RecordingEnding implements Crew.Ending {
    private final BlockingQueue<ExitStatus> halts = new LinkedBlockingQueue<>();
    private final CountDownLatch endOfInput = new CountDownLatch(1);

    @Override
    public void endOfInput() {
      endOfInput.countDown();
      throw new Ended();
    }

    @Override
    public void halt(ExitStatus status) {
      halts.add(status);
      throw new Ended();
    }

    @Override
    public Thread.UncaughtExceptionHandler uncaught() {
      return (thread, t) -> {
        if (!(t instanceof Ended)) {
          halts.add(ExitStatus.FATAL_JVM_ERROR);
        }
      };
    }

    ExitStatus awaitHalt() throws InterruptedException {
      ExitStatus status = halts.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertTrue(status != null, "no halt within " + WAIT);
      return status;
    }

    boolean awaitEndOfInput() throws InterruptedException {
      return endOfInput.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  /** Stops a crew thread where the executor would have halted. */
  private static final class Ended extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** Stdin for the crew: bytes fed by the test, then EOF. */
  private static final class Feed extends InputStream {
    private static final int EOF = -1;
    private final BlockingQueue<Integer> bytes = new LinkedBlockingQueue<>();
    private volatile boolean readerWaiting;

    void send(Request request) {
      sendBody(ProtocolCodec.encode(request));
    }

    void sendBody(byte[] body) {
      for (byte b : FrameWriter.frame(body)) {
        bytes.add(b & 0xff);
      }
    }

    void end() {
      bytes.add(EOF);
    }

    /** Waits until the reader has taken every byte sent and blocks for more. */
    void awaitReaderWaiting() {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!(readerWaiting && bytes.isEmpty())) {
        assertTrue(System.nanoTime() - deadline < 0, "the reader did not take every frame");
        LockSupport.parkNanos(100_000);
      }
    }

    @Override
    public int read() {
      try {
        Integer next = bytes.poll();
        if (next == null) {
          readerWaiting = true;
          next = bytes.take();
          readerWaiting = false;
        }
        int b = next;
        if (b == EOF) {
          bytes.add(EOF); // EOF stays
        }
        return b;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return EOF;
      }
    }
  }
}
