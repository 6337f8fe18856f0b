package dev.spider.protocol;

import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessageInsufficientBufferException;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ArrayValue;
import org.msgpack.value.ImmutableValue;
import org.msgpack.value.IntegerValue;
import org.msgpack.value.MapValue;
import org.msgpack.value.Value;

/**
 * Encodes and decodes the MessagePack bodies of frames, both directions: requests (written by the
 * manager, read by the executor) and responses (written by the executor, read by the manager).
 *
 * <p>Decoding requests separates two failures as the protocol requires: bytes that are not one
 * MessagePack value are a {@link ProtocolException} (the stream is unreadable), while one value of
 * the wrong shape becomes a {@link Request.Invalid} to be answered with {@code InvalidRequest}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtocolCodec {

  private static final MessagePack.PackerConfig PACKER =
      new MessagePack.PackerConfig().withStr8FormatSupport(true);

  private ProtocolCodec() {}

  // ---- requests --------------------------------------------------------------------------------

  /** Encodes a request; {@link Request.Invalid} has no encoding and is refused. */
  public static byte[] encode(Request request) {
    try (MessageBufferPacker p = PACKER.newBufferPacker()) {
      if (request instanceof Request.Execute e) {
        p.packArrayHeader(6).packInt(Request.EXECUTE_TAG);
        packU64(p, e.seq());
        p.packString(e.packageName()).packString(e.taskName());
        p.packBinaryHeader(e.rawContext().length).addPayload(e.rawContext());
        p.packBinaryHeader(e.rawInputs().length).addPayload(e.rawInputs());
      } else if (request instanceof Request.Shutdown) {
        p.packArrayHeader(1).packInt(Request.SHUTDOWN_TAG);
      } else if (request instanceof Request.Interrupt i) {
        p.packArrayHeader(2).packInt(Request.INTERRUPT_TAG);
        packU64(p, i.seq());
      } else if (request instanceof Request.Describe d) {
        p.packArrayHeader(3).packInt(Request.DESCRIBE_TAG);
        packU64(p, d.seq());
        p.packString(d.packageName());
      } else {
        throw new IllegalArgumentException("an invalid request has no encoding: " + request);
      }
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory MessagePack encoding failed", e);
    }
  }

  /**
   * Decodes a request frame body.
   *
   * @throws ProtocolException when the body is not one MessagePack value (truncated or malformed)
   */
  public static Request decodeRequest(byte[] body) throws ProtocolException {
    FirstValue first = firstValue(body, "request");
    ImmutableValue value = first.value();
    long seq = seqOf(value);
    if (first.trailing()) {
      return new Request.Invalid(seq, "trailing bytes after the request value");
    }
    try {
      return shapeOf(value);
    } catch (BadShape e) {
      return new Request.Invalid(seq, e.getMessage());
    }
  }

  /** The request's second element when it is a uint, else 0, as the protocol specifies. */
  private static long seqOf(Value value) {
    if (value.isArrayValue() && value.asArrayValue().size() >= 2) {
      Value second = value.asArrayValue().get(1);
      if (second.isIntegerValue() && isUnsigned(second.asIntegerValue())) {
        return second.asIntegerValue().asBigInteger().longValue();
      }
    }
    return 0;
  }

  private static Request shapeOf(Value value) throws BadShape {
    if (!value.isArrayValue()) {
      throw new BadShape("a request is an array, found " + value.getValueType());
    }
    ArrayValue a = value.asArrayValue();
    if (a.size() == 0) {
      throw new BadShape("empty request array");
    }
    Value tag = a.get(0);
    if (!tag.isIntegerValue() || !tag.asIntegerValue().isInIntRange()) {
      throw new BadShape("request tag must be a small uint, found " + tag);
    }
    int t = tag.asIntegerValue().toInt();
    switch (t) {
      case Request.EXECUTE_TAG:
        arity(a, 6, "Execute");
        return new Request.Execute(
            u64(a.get(1), "seq"),
            string(a.get(2), "package"),
            string(a.get(3), "task_func"),
            bin(a.get(4), "raw_ctx"),
            bin(a.get(5), "raw_inputs"));
      case Request.SHUTDOWN_TAG:
        arity(a, 1, "Shutdown");
        return new Request.Shutdown();
      case Request.INTERRUPT_TAG:
        arity(a, 2, "Interrupt");
        return new Request.Interrupt(u64(a.get(1), "seq"));
      case Request.DESCRIBE_TAG:
        arity(a, 3, "Describe");
        return new Request.Describe(u64(a.get(1), "seq"), string(a.get(2), "package"));
      default:
        throw new BadShape("unknown request tag " + t + " (0 Execute, 1 Shutdown, 2 Interrupt, 3 Describe)");
    }
  }

  // ---- responses -------------------------------------------------------------------------------

  public static byte[] encode(Response response) {
    try (MessageBufferPacker p = PACKER.newBufferPacker()) {
      if (response instanceof Response.Hello h) {
        p.packArrayHeader(4).packInt(Response.HELLO_TAG).packInt(h.protocolVersion());
        p.packArrayHeader(3)
            .packInt(h.tdlVersion().major())
            .packInt(h.tdlVersion().minor())
            .packInt(h.tdlVersion().patch());
        p.packLong(h.pid());
      } else {
        Response.Result r = (Response.Result) response;
        p.packArrayHeader(5).packInt(Response.RESULT_TAG);
        packU64(p, r.seq());
        p.packInt(r.success() ? 0 : 1);
        p.packBinaryHeader(r.payload().length).addPayload(r.payload());
        p.packLong(r.elapsedMicros());
      }
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory MessagePack encoding failed", e);
    }
  }

  /**
   * Decodes a response frame body strictly: the manager treats any deviation as a broken executor.
   *
   * @throws ProtocolException naming what is wrong
   */
  public static Response decodeResponse(byte[] body) throws ProtocolException {
    FirstValue first = firstValue(body, "response");
    ImmutableValue value = first.value();
    if (first.trailing()) {
      throw new ProtocolException("trailing bytes after the response value");
    }
    try {
      if (!value.isArrayValue() || value.asArrayValue().size() == 0) {
        throw new BadShape("a response is a non-empty array, found " + value);
      }
      ArrayValue a = value.asArrayValue();
      long tag = u64(a.get(0), "tag");
      if (tag == Response.HELLO_TAG) {
        arity(a, 4, "Hello");
        int protocol = nonNegativeInt(a.get(1), "protocol_version");
        if (!a.get(2).isArrayValue() || a.get(2).asArrayValue().size() != 3) {
          throw new BadShape("Hello tdl_version must be [major, minor, patch], found " + a.get(2));
        }
        ArrayValue v = a.get(2).asArrayValue();
        Version version =
            new Version(
                nonNegativeInt(v.get(0), "major"),
                nonNegativeInt(v.get(1), "minor"),
                nonNegativeInt(v.get(2), "patch"));
        return new Response.Hello(protocol, version, u64(a.get(3), "pid"));
      }
      if (tag == Response.RESULT_TAG) {
        arity(a, 5, "Result");
        long status = u64(a.get(2), "status");
        if (status > 1) {
          throw new BadShape("Result status must be 0 or 1, found " + status);
        }
        return new Response.Result(
            u64(a.get(1), "seq"), status == 0, bin(a.get(3), "payload"), u64(a.get(4), "elapsed_us"));
      }
      throw new BadShape("unknown response tag " + tag);
    } catch (BadShape e) {
      throw new ProtocolException("malformed response: " + e.getMessage());
    }
  }

  // ---- failure and describe payloads -----------------------------------------------------------

  public static byte[] encodeError(ExecutorError error) {
    try (MessageBufferPacker p = PACKER.newBufferPacker()) {
      p.packMapHeader(error.tdlError().isPresent() ? 3 : 2);
      p.packString("kind").packString(error.kind().wireName());
      p.packString("message").packString(error.message());
      if (error.tdlError().isPresent()) {
        TdlError tdl = error.tdlError().get();
        p.packString("tdl_error").packMapHeader(2);
        p.packString("kind").packString(tdl.kind().variantName());
        p.packString("message").packString(tdl.getMessage());
      }
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory MessagePack encoding failed", e);
    }
  }

  /**
   * Decodes the failure payload of a Result (keys in any order).
   *
   * @throws ProtocolException naming the missing or malformed entry
   */
  public static ExecutorError decodeError(byte[] payload) throws ProtocolException {
    try {
      Map<Value, Value> map = map(unpackWhole(payload), "failure payload");
      String kindName = string(required(map, "kind"), "kind");
      ErrorKind kind =
          ErrorKind.fromWireName(kindName)
              .orElseThrow(() -> new BadShape("unknown error kind '" + kindName + "'"));
      String message = string(required(map, "message"), "message");
      Optional<TdlError> tdl = Optional.empty();
      Value tdlValue = map.get(key("tdl_error"));
      if (tdlValue != null && !tdlValue.isNilValue()) {
        Map<Value, Value> t = map(tdlValue, "tdl_error");
        String variant = string(required(t, "kind"), "tdl_error.kind");
        TdlError.Kind tdlKind =
            TdlError.Kind.fromVariantName(variant)
                .orElseThrow(() -> new BadShape("unknown TdlError kind '" + variant + "'"));
        tdl = Optional.of(new TdlError(tdlKind, string(required(t, "message"), "tdl_error.message")));
      }
      return new ExecutorError(kind, message, tdl);
    } catch (BadShape | IllegalArgumentException e) {
      throw new ProtocolException("malformed failure payload: " + e.getMessage());
    }
  }

  public static byte[] encodeDescription(PackageDescription d) {
    try (MessageBufferPacker p = PACKER.newBufferPacker()) {
      p.packMapHeader(4);
      p.packString("name").packString(d.name());
      p.packString("kind").packString(d.kind().wireName());
      p.packString("tdl_version").packArrayHeader(3);
      p.packInt(d.tdlVersion().major()).packInt(d.tdlVersion().minor()).packInt(d.tdlVersion().patch());
      p.packString("tasks").packArrayHeader(d.tasks().size());
      for (String task : d.tasks()) {
        p.packString(task);
      }
      return p.toByteArray();
    } catch (IOException e) {
      throw new IllegalStateException("in-memory MessagePack encoding failed", e);
    }
  }

  public static PackageDescription decodeDescription(byte[] payload) throws ProtocolException {
    try {
      Map<Value, Value> map = map(unpackWhole(payload), "description");
      String kindName = string(required(map, "kind"), "kind");
      PackageDescription.Kind kind =
          switch (kindName) {
            case "jar" -> PackageDescription.Kind.JAR;
            case "native" -> PackageDescription.Kind.NATIVE;
            default -> throw new BadShape("unknown package kind '" + kindName + "'");
          };
      Value v = required(map, "tdl_version");
      if (!v.isArrayValue() || v.asArrayValue().size() != 3) {
        throw new BadShape("tdl_version must be [major, minor, patch]");
      }
      ArrayValue va = v.asArrayValue();
      Version version =
          new Version(
              nonNegativeInt(va.get(0), "major"),
              nonNegativeInt(va.get(1), "minor"),
              nonNegativeInt(va.get(2), "patch"));
      Value tasksValue = required(map, "tasks");
      if (!tasksValue.isArrayValue()) {
        throw new BadShape("tasks must be an array");
      }
      List<String> tasks = new ArrayList<>();
      for (Value t : tasksValue.asArrayValue()) {
        tasks.add(string(t, "task name"));
      }
      return new PackageDescription(string(required(map, "name"), "name"), kind, version, tasks);
    } catch (BadShape e) {
      throw new ProtocolException("malformed description: " + e.getMessage());
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** The first MessagePack value of a frame body, and whether bytes follow it. */
  private record FirstValue(ImmutableValue value, boolean trailing) {}

  /**
   * Reads the first value of a frame body.
   *
   * @throws ProtocolException when the body does not start with one whole MessagePack value
   */
  private static FirstValue firstValue(byte[] body, String what) throws ProtocolException {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(body)) {
      ImmutableValue value = u.unpackValue();
      return new FirstValue(value, u.hasNext());
    } catch (MessageInsufficientBufferException e) {
      throw new ProtocolException(
          what + " frame of " + body.length + " bytes holds a truncated MessagePack value", e);
    } catch (MessagePackException | IOException e) {
      throw new ProtocolException(
          what + " frame of " + body.length + " bytes is not MessagePack: " + e.getMessage(), e);
    }
  }

  /** A well-formed MessagePack value of the wrong shape. */
  private static final class BadShape extends Exception {
    private static final long serialVersionUID = 1L;

    BadShape(String message) {
      super(message);
    }
  }

  private static ImmutableValue unpackWhole(byte[] bytes) throws BadShape {
    try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
      ImmutableValue v = u.unpackValue();
      if (u.hasNext()) {
        throw new BadShape("trailing bytes after the value");
      }
      return v;
    } catch (MessagePackException | IOException e) {
      throw new BadShape("not one MessagePack value: " + e.getMessage());
    }
  }

  private static void arity(ArrayValue a, int expected, String what) throws BadShape {
    if (a.size() != expected) {
      throw new BadShape(what + " has " + expected + " elements, found " + a.size());
    }
  }

  private static boolean isUnsigned(IntegerValue v) {
    return v.asBigInteger().signum() >= 0;
  }

  private static long u64(Value v, String field) throws BadShape {
    if (!v.isIntegerValue() || !isUnsigned(v.asIntegerValue())) {
      throw new BadShape(field + " must be a uint, found " + v);
    }
    return v.asIntegerValue().asBigInteger().longValue();
  }

  /** A uint that fits an {@code int}: larger values are malformed, never truncated. */
  private static int nonNegativeInt(Value v, String field) throws BadShape {
    long value = u64(v, field);
    if (value < 0 || value > Integer.MAX_VALUE) {
      throw new BadShape(field + " must be a uint up to " + Integer.MAX_VALUE + ", found " + v);
    }
    return (int) value;
  }

  private static String string(Value v, String field) throws BadShape {
    if (!v.isStringValue()) {
      throw new BadShape(field + " must be a string, found " + v.getValueType());
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(v.asStringValue().asByteArray()))
          .toString();
    } catch (CharacterCodingException e) {
      throw new BadShape(field + " is not valid UTF-8");
    }
  }

  private static byte[] bin(Value v, String field) throws BadShape {
    if (!v.isBinaryValue()) {
      throw new BadShape(field + " must be bin, found " + v.getValueType());
    }
    return v.asBinaryValue().asByteArray();
  }

  private static Map<Value, Value> map(Value v, String what) throws BadShape {
    if (!v.isMapValue()) {
      throw new BadShape(what + " must be a map, found " + v.getValueType());
    }
    MapValue m = v.asMapValue();
    return m.map();
  }

  private static Value key(String name) {
    return org.msgpack.value.ValueFactory.newString(name);
  }

  private static Value required(Map<Value, Value> map, String name) throws BadShape {
    Value v = map.get(key(name));
    if (v == null) {
      throw new BadShape("missing '" + name + "'");
    }
    return v;
  }

  private static void packU64(MessageBufferPacker p, long value) throws IOException {
    if (value >= 0) {
      p.packLong(value);
    } else {
      p.packBigInteger(new BigInteger(Long.toUnsignedString(value)));
    }
  }
}
