package dev.spider.protocol;

import dev.spider.tdl.Version;
import java.util.Arrays;

/** A response from an executor to the manager, one per frame on the executor's stdout. */
public sealed interface Response permits Response.Hello, Response.Result {

  int RESULT_TAG = 0;
  int HELLO_TAG = 1;

  /** The protocol version this build speaks; a manager refuses executors speaking another. */
  int PROTOCOL_VERSION = 1;

  /** {@code [1, protocol_version, [major, minor, patch], pid]}, written once at start-up. */
  record Hello(int protocolVersion, Version tdlVersion, long pid) implements Response {}

  /**
   * {@code [0, seq, status, payload: bin, elapsed_us]}: status 0 with the task outputs (Execute) or
   * the description (Describe), status 1 with an {@link ExecutorError} map.
   */
  record Result(long seq, boolean success, byte[] payload, long elapsedMicros) implements Response {
    @Override
    public boolean equals(Object o) {
      return o instanceof Result r
          && seq == r.seq
          && success == r.success
          && elapsedMicros == r.elapsedMicros
          && Arrays.equals(payload, r.payload);
    }

    @Override
    public int hashCode() {
      return Long.hashCode(seq) * 31 + Arrays.hashCode(payload);
    }

    @Override
    public String toString() {
      return "Result{seq="
          + Long.toUnsignedString(seq)
          + ", "
          + (success ? "success" : "failure")
          + ", "
          + payload.length
          + "B, "
          + elapsedMicros
          + "us}";
    }
  }
}
