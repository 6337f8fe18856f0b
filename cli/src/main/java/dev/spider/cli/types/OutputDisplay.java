package dev.spider.cli.types;

import dev.spider.cli.types.TdlValues.BinaryForm;
import dev.spider.tdl.codec.CodecException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Task outputs as JSON-friendly values for job results: by the task's declared output types when it
 * has them, otherwise {@linkplain TdlValues#decodeUntyped untyped}, a {@code bin} as base64 as job
 * files write bytes. A payload that is not one MessagePack value is shown as a string saying so,
 * with its bytes in hex: results show what a task returned, whatever it was. Stateless.
 */
public final class OutputDisplay {

  private static final Logger log = LoggerFactory.getLogger(OutputDisplay.class);

  private OutputDisplay() {}

  /** The payloads decoded, each by its declared type when {@code types} has one for it. */
  public static List<Object> decode(List<byte[]> payloads, Optional<List<TdlType>> types) {
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < payloads.size(); i++) {
      byte[] payload = payloads.get(i);
      if (types.isPresent() && i < types.get().size()) {
        try {
          out.add(types.get().get(i).decode(payload));
          continue;
        } catch (CodecException e) {
          // Storage checks declared types on report, so this is not expected; show what there is.
          log.debug("output {} is not its declared {}, shown untyped", i, types.get().get(i), e);
        }
      }
      out.add(generic(payload));
    }
    return Collections.unmodifiableList(out);
  }

  /** One MessagePack value decoded untyped, or a string saying why it is not one. */
  static Object generic(byte[] payload) {
    try {
      return TdlValues.decodeUntyped(payload, BinaryForm.BASE64);
    } catch (CodecException e) {
      return "<not one MessagePack value ("
          + e.getMessage()
          + "): "
          + HexFormat.of().formatHex(payload)
          + ">";
    }
  }
}
