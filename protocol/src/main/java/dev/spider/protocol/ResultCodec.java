package dev.spider.protocol;

import dev.spider.tdl.internal.Integers;
import java.io.IOException;
import org.msgpack.core.MessagePacker;
import org.msgpack.value.ArrayValue;

/**
 * The Result response: {@code [0, seq, status, payload: bin, elapsed_us]}, status 0 for success and
 * 1 for failure (docs/frame-protocol.md, "Frames"). The payload stays opaque bytes here: its
 * meaning depends on the request and the status.
 *
 * <p>Thread-safe: stateless.
 */
final class ResultCodec implements FrameKindCodec<Response.Result> {

  static final ResultCodec INSTANCE = new ResultCodec();

  private ResultCodec() {}

  @Override
  public Class<Response.Result> type() {
    return Response.Result.class;
  }

  @Override
  public int tag() {
    return Response.RESULT_TAG;
  }

  @Override
  public String name() {
    return "Result";
  }

  @Override
  public int arity() {
    return 5;
  }

  @Override
  public void writeFields(MessagePacker p, Response.Result result) throws IOException {
    Integers.packU64(p, result.seq());
    p.packInt(result.success() ? 0 : 1);
    p.packBinaryHeader(result.payload().length).addPayload(result.payload());
    p.packLong(result.elapsedMicros());
  }

  @Override
  public Response.Result readFields(ArrayValue a) throws BadShape {
    long status = Fields.u64(a.get(2), "status");
    // Unsigned: a uint64 status above Long.MAX_VALUE arrives as a negative long.
    if (Long.compareUnsigned(status, 1) > 0) {
      throw new BadShape("Result status must be 0 or 1, found " + Long.toUnsignedString(status));
    }
    return new Response.Result(
        Fields.u64(a.get(1), "seq"),
        status == 0,
        Fields.bin(a.get(3), "payload"),
        Fields.u64(a.get(4), "elapsed_us"));
  }
}
