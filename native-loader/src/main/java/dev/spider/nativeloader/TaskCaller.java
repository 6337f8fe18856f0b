package dev.spider.nativeloader;

import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The call path of one loaded package's execute function (docs/native-abi.md, "How the JVM calls a
 * package"). A call whose name, context and inputs fit the {@link Arena} is one native call with a
 * single integer argument: the arguments are copied into the arena with plain memory copies, and
 * the shim calls execute, copies a result that fits back into the arena and releases it, all in
 * that call. Larger arguments take the array path (JNA copies the arrays), and larger results are
 * copied and released from Java through a {@link ResultBuffer}. Either way every result buffer is
 * released exactly once before {@link #execute} returns.
 *
 * <p>The arena starts at {@value Arena#INITIAL_BYTES} bytes and is replaced by a larger one on
 * demand, up to {@value Arena#MAX_BYTES}.
 *
 * <p><b>Thread-safety:</b> safe to share; calls are serialized on this instance's lock, held for
 * the native call and the copy of its result, because the package is not assumed to be thread-safe
 * and the arena and out-parameters are reused. A native call cannot be interrupted or timed out
 * from Java. After {@link #close()} every call throws {@link IllegalStateException}.
 */
final class TaskCaller implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TaskCaller.class);

  private final String packageName;
  private final Path library;
  private final long execute;

  /** The package's free_result, or 0: the shim then releases with free(). */
  private final long freeResult;

  private final ResultBuffer.Release release;

  private final Object lock = new Object();
  private final OutParameters out; // guarded by lock
  private Arena arena; // guarded by lock; null once closed, the memory being freed

  /**
   * @param packageName and {@code library} name the package in messages
   * @param execute the address of the package's execute
   * @param freeResult the address of its free_result, or 0 to release with free()
   */
  TaskCaller(String packageName, Path library, long execute, long freeResult) {
    this.packageName = packageName;
    this.library = library;
    this.execute = execute;
    this.freeResult = freeResult;
    this.release = ResultBuffer.releaseThroughShim(freeResult);
    this.out = new OutParameters();
    this.arena = new Arena(Arena.INITIAL_BYTES, execute, freeResult);
  }

  /**
   * Runs one task; see {@link NativePackage#execute(byte[], byte[], byte[])}.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  NativeOutcome execute(byte[] name, byte[] ctx, byte[] inputs) {
    long argumentBytes = (long) name.length + ctx.length + inputs.length;
    TakenResult result;
    synchronized (lock) {
      ensureOpen();
      if (argumentBytes <= Arena.MAX_BYTES - Arena.HEADER) {
        result = executeInArena(name, ctx, inputs, (int) argumentBytes);
      } else {
        result = executeWithArrays(name, ctx, inputs);
      }
    }
    // Decoding a TdlError needs no native memory: done outside the lock.
    return result.toOutcome();
  }

  /** The fast path: arguments and (if it fits) the result travel through the arena. */
  private TakenResult executeInArena(byte[] name, byte[] ctx, byte[] inputs, int argumentBytes) {
    Arena a = arenaFor(Arena.HEADER + argumentBytes);
    a.putArguments(name, ctx, inputs);
    int status = TdlShim.spider_shim_execute_arena(a.address());
    boolean isError = (status & Arena.STATUS_IS_ERROR) != 0;
    long length = a.resultLength();
    if ((status & Arena.STATUS_COPIED) != 0) {
      // The shim copies only what fits the arena, so the length is a valid int.
      return new TakenResult.Copied(isError, a.copiedResult((int) length));
    }
    return ResultBuffer.take(isError, a.resultPointer(), length, release);
  }

  /** The slow path for arguments larger than the arena: JNA copies the arrays in and out. */
  private TakenResult executeWithArrays(byte[] name, byte[] ctx, byte[] inputs) {
    int isError =
        TdlShim.spider_shim_execute(
            execute,
            name,
            name.length,
            ctx,
            ctx.length,
            inputs,
            inputs.length,
            out.pointerSlot(),
            out.lengthSlot());
    return ResultBuffer.take(isError != 0, out.pointer(), out.length(), release);
  }

  /** The arena, replaced by a larger one when it is smaller than {@code needed} bytes. */
  private Arena arenaFor(int needed) {
    if (needed > arena.capacity()) {
      int capacity = (int) Math.min(Arena.MAX_BYTES, Math.max(needed, 2L * arena.capacity()));
      LOG.debug("growing the arena of native package '{}' to {} bytes", packageName, capacity);
      Arena grown = new Arena(capacity, execute, freeResult);
      arena.close();
      arena = grown;
    }
    return arena;
  }

  private void ensureOpen() {
    if (arena == null) {
      throw new IllegalStateException(
          "native package '"
              + packageName
              + "' ("
              + library
              + ") was closed; it cannot run"
              + " tasks any more: a closed package was kept and reused, load it again instead");
    }
  }

  /** Frees the native memory; idempotent; waits for a running call to finish. */
  @Override
  public void close() {
    synchronized (lock) {
      if (arena != null) {
        arena.close();
        arena = null;
        out.close();
        LOG.debug("closed native package '{}' ({})", packageName, library);
      }
    }
  }
}
