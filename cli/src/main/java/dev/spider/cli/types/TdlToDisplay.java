package dev.spider.cli.types;

import dev.spider.cli.types.TdlType.ListOf;
import dev.spider.cli.types.TdlType.MapOf;
import dev.spider.cli.types.TdlType.OptionOf;
import dev.spider.cli.types.TdlType.Scalar;
import dev.spider.tdl.codec.CodecException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A value decoded by the codec of its TDL type ({@link CodecTypes}) turned into a JSON-friendly
 * one, as {@link TdlType#decode} documents, checking what the codec cannot: the range of the
 * unsigned types it reads as wider signed ones, and nil where only {@code option<T>} allows it.
 * Stateless.
 */
final class TdlToDisplay {

  private TdlToDisplay() {}

  /**
   * @throws CodecException when the value is outside its type's range, or nil outside an option
   */
  static Object toDisplay(TdlType type, Object javaValue) throws CodecException {
    if (type instanceof OptionOf o) {
      Optional<?> optional = (Optional<?>) javaValue;
      return optional.isEmpty() ? null : toDisplay(o.inner(), optional.get());
    }
    if (javaValue == null) {
      // Boxed codecs read nil as null; only option<T> may be None.
      throw new CodecException("expected a " + type + ", found nil");
    }
    if (type instanceof ListOf l) {
      List<Object> out = new ArrayList<>();
      for (Object element : (List<?>) javaValue) {
        out.add(toDisplay(l.element(), element));
      }
      return Collections.unmodifiableList(out);
    }
    if (type instanceof MapOf m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> entry : ((Map<?, ?>) javaValue).entrySet()) {
        out.put(
            String.valueOf(toDisplay(m.key(), entry.getKey())),
            toDisplay(m.value(), entry.getValue()));
      }
      return Collections.unmodifiableMap(out);
    }
    return scalar((Scalar) type, javaValue);
  }

  private static Object scalar(Scalar s, Object javaValue) throws CodecException {
    switch (s) {
      case INT8:
      case INT16:
      case INT32:
      case INT64:
        return ((Number) javaValue).longValue();
      case UINT8:
      case UINT16:
      case UINT32:
        long unsigned = (Long) javaValue;
        if (unsigned < 0 || BigInteger.valueOf(unsigned).compareTo(s.max()) > 0) {
          throw new CodecException(
              "integer " + unsigned + " is out of range for " + s + " " + s.range());
        }
        return unsigned;
      case UINT64:
        BigInteger big = (BigInteger) javaValue;
        if (big.signum() < 0) {
          throw new CodecException("integer " + big + " is out of range for uint64");
        }
        return big.bitLength() < 64 ? (Object) big.longValue() : big;
      case FLOAT:
        return (double) (Float) javaValue;
      case BYTES:
        return Base64.getEncoder().encodeToString((byte[]) javaValue);
      default:
        return javaValue; // Double, Boolean, String
    }
  }
}
