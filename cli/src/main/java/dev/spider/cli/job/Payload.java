package dev.spider.cli.job;

import java.util.Arrays;
import java.util.Objects;

/**
 * A task input given as its encoded MessagePack value only, as a Spider client submits a job's
 * inputs ({@code RegisterJob}, docs/cluster.md): the task graph declares a type descriptor for it,
 * but Spider's storage never checks values against descriptors, and neither does the embedded
 * cluster. A job file's inputs are {@link Literal}s instead, encoded from JSON by their declared
 * type.
 *
 * <p>Immutable: the bytes are copied on the way in and out; {@code equals} compares contents.
 *
 * @param msgpack the encoded value, passed to the task as given
 */
public record Payload(byte[] msgpack) implements Input {

  public Payload {
    msgpack = Objects.requireNonNull(msgpack, "msgpack").clone();
  }

  /** A copy of the encoded value. */
  @Override
  public byte[] msgpack() {
    return msgpack.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Payload other && Arrays.equals(msgpack, other.msgpack);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(msgpack);
  }

  @Override
  public String toString() {
    return "Payload[" + msgpack.length + " bytes]";
  }
}
