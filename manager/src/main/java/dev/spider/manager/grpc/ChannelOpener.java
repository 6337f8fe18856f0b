package dev.spider.manager.grpc;

import com.google.common.net.HostAndPort;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;

/**
 * Opens one channel to an endpoint. {@link #plaintext} is what a real cluster gets; tests open
 * in-process channels instead, so every adapter runs against a real gRPC stack without a socket.
 *
 * <p>Implementations are stateless or thread-safe; each call returns a new, unconnected channel the
 * caller owns and must shut down.
 */
@FunctionalInterface
interface ChannelOpener {

  /**
   * A new channel to {@code endpoint}.
   *
   * @param service the service the channel is for, for names and messages only
   */
  ManagedChannel open(HostAndPort endpoint, String service);

  /**
   * Plaintext HTTP/2 (h2c), as Spider's services speak it: no TLS, no metadata (docs/cluster.md).
   * Replies may be as large as {@code inboundMaxMessageBytes}, since storage sends task inputs
   * inline and its own replies are not limited; the transport is whichever is on the class path
   * (netty-shaded in this project).
   */
  static ChannelOpener plaintext(int inboundMaxMessageBytes) {
    return (endpoint, service) ->
        Grpc.newChannelBuilderForAddress(
                endpoint.getHost(), endpoint.getPort(), InsecureChannelCredentials.create())
            .maxInboundMessageSize(inboundMaxMessageBytes)
            .build();
  }
}
