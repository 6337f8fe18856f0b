package dev.spider.manager.grpc;

import io.grpc.Status;

/**
 * What a failed call's messages say about its status. Size-limit statuses get the limits spelt out,
 * since they are a deployment problem with a known way out: {@code OUT_OF_RANGE} is how upstream's
 * services refuse a request over their 4 MiB decode limit, {@code RESOURCE_EXHAUSTED} how grpc-java
 * refuses a reply over this client's inbound limit (docs/cluster.md).
 *
 * <p>Immutable and thread-safe.
 */
final class FailureText {

  private final int outboundMaxBytes;
  private final int inboundMaxBytes;

  /**
   * @param outboundMaxBytes the largest request the services accept
   * @param inboundMaxBytes the largest reply this client accepts
   */
  FailureText(int outboundMaxBytes, int inboundMaxBytes) {
    this.outboundMaxBytes = outboundMaxBytes;
    this.inboundMaxBytes = inboundMaxBytes;
  }

  /** Whether {@code failure} is a message refused for its size. */
  static boolean isSizeLimit(RpcFailure failure) {
    return failure.code() == Status.Code.OUT_OF_RANGE
        || failure.code() == Status.Code.RESOURCE_EXHAUSTED;
  }

  /** The status of {@code failure}, with the size limits when it is about one. */
  String of(RpcFailure failure) {
    if (!isSizeLimit(failure)) {
      return failure.describe();
    }
    return "a message exceeded a gRPC size limit (Spider's services take requests of at most "
        + MessageLimit.describe(outboundMaxBytes)
        + ", jvm.storage_max_message_bytes; this client takes replies of at most "
        + MessageLimit.describe(inboundMaxBytes)
        + "): "
        + failure.describe();
  }
}
