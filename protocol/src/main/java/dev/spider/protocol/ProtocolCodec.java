package dev.spider.protocol;

/**
 * Encodes and decodes the MessagePack bodies of frames and the payloads of Results, both
 * directions: requests (written by the manager, read by the executor), responses (written by the
 * executor, read by the manager), failure payloads and package descriptions. The formats are those
 * of docs/frame-protocol.md.
 *
 * <p>The entry point of the codecs, one per frame kind and payload, which stay package-private.
 *
 * <p>Decoding requests separates two failures as the protocol requires: bytes that are not one
 * MessagePack value are a {@link ProtocolException} (the stream is unreadable), while one value of
 * the wrong shape becomes a {@link Request.Invalid} to be answered with {@code InvalidRequest}.
 * Every other decoder is strict: any deviation is a {@link ProtocolException}.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtocolCodec {

  private ProtocolCodec() {}

  /**
   * Encodes a request.
   *
   * @throws IllegalArgumentException for a {@link Request.Invalid}, which has no encoding
   */
  public static byte[] encode(Request request) {
    return RequestCodec.encode(request);
  }

  /**
   * Decodes a request frame body; a well-formed value of the wrong shape is a {@link
   * Request.Invalid}.
   *
   * @throws ProtocolException when the body is not one MessagePack value (truncated or malformed)
   */
  public static Request decodeRequest(byte[] body) throws ProtocolException {
    return RequestCodec.decode(body);
  }

  public static byte[] encode(Response response) {
    return ResponseCodec.encode(response);
  }

  /**
   * Encodes a Hello, as {@link #encode(Response)} does, without loading the other codecs or
   * msgpack-core: the executor's first output, on the path that every executor start waits for.
   */
  public static byte[] encodeHello(Response.Hello hello) {
    return HelloCodec.INSTANCE.encode(hello);
  }

  /**
   * Decodes a response frame body strictly: the manager treats any deviation as a broken executor.
   *
   * @throws ProtocolException naming what is wrong
   */
  public static Response decodeResponse(byte[] body) throws ProtocolException {
    return ResponseCodec.decode(body);
  }

  /** Encodes the failure payload of a Result. */
  public static byte[] encodeError(ExecutorError error) {
    return ExecutorErrorCodec.encode(error);
  }

  /**
   * Decodes the failure payload of a Result (keys in any order).
   *
   * @throws ProtocolException naming the missing or malformed entry
   */
  public static ExecutorError decodeError(byte[] payload) throws ProtocolException {
    return ExecutorErrorCodec.decode(payload);
  }

  /** Encodes the success payload of a Describe request. */
  public static byte[] encodeDescription(PackageDescription description) {
    return PackageDescriptionCodec.encode(description);
  }

  /**
   * Decodes the success payload of a Describe request (keys in any order).
   *
   * @throws ProtocolException naming the missing or malformed entry
   */
  public static PackageDescription decodeDescription(byte[] payload) throws ProtocolException {
    return PackageDescriptionCodec.decode(payload);
  }
}
