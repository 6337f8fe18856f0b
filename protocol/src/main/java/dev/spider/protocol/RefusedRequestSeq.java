package dev.spider.protocol;

import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.internal.Integers;
import dev.spider.tdl.internal.MsgpackScanner;
import java.io.IOException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The {@code seq} of a request body that was refused before it was unpacked (nested too deep, too
 * many values, an unrepresentable timestamp): its second element when that is a uint, else 0, read
 * straight from the bytes, so that the {@code InvalidRequest} answering it carries the right seq
 * (docs/frame-protocol.md, "Ordering, interrupts, shutdown").
 *
 * <p>Reads only the array header, walks the first element within {@link Bodies#LIMITS}, and reads
 * one integer: nothing it does depends on the part of the body that was refused beyond that.
 *
 * <p>Thread-safe: stateless.
 */
final class RefusedRequestSeq {

  private RefusedRequestSeq() {}

  static long of(byte[] body) {
    try (MessageUnpacker header = MessagePack.newDefaultUnpacker(body)) {
      if (header.getNextFormat().getValueType() != ValueType.ARRAY
          || header.unpackArrayHeader() < 2) {
        return 0;
      }
      MsgpackScanner.Scan tag =
          MsgpackScanner.scan(body, (int) header.getTotalReadBytes(), Bodies.LIMITS);
      if (!(tag instanceof MsgpackScanner.Scan.Whole whole)) {
        return 0;
      }
      try (MessageUnpacker seq =
          MessagePack.newDefaultUnpacker(body, whole.end(), body.length - whole.end())) {
        if (!seq.hasNext() || seq.getNextFormat().getValueType() != ValueType.INTEGER) {
          return 0;
        }
        return Integers.readU64(seq, "seq");
      }
    } catch (IOException | CodecException | MessagePackException e) {
      // The body was refused already; a seq that cannot be read is 0, as for any other request
      // whose second element is not a uint.
      return 0;
    }
  }
}
