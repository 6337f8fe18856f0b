package dev.spider.protocol;

import dev.spider.tdl.internal.Integers;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ArrayValue;

/**
 * The Describe request: {@code [3, seq, package: str]}, answered with a {@link PackageDescription}
 * (docs/frame-protocol.md, "Frames").
 *
 * <p>Thread-safe: stateless.
 */
final class DescribeCodec implements FrameKindCodec<Request.Describe> {

  static final DescribeCodec INSTANCE = new DescribeCodec();

  private DescribeCodec() {}

  @Override
  public Class<Request.Describe> type() {
    return Request.Describe.class;
  }

  @Override
  public int tag() {
    return Request.DESCRIBE_TAG;
  }

  @Override
  public String name() {
    return "Describe";
  }

  @Override
  public int arity() {
    return 3;
  }

  @Override
  public void writeFields(MessagePacker p, Request.Describe describe) throws IOException {
    Integers.packU64(p, describe.seq());
    p.packString(describe.packageName());
  }

  @Override
  public Request.Describe readFields(ArrayValue a) throws BadShape {
    return new Request.Describe(Fields.u64(a.get(1), "seq"), Fields.string(a.get(2), "package"));
  }
}
