package dev.spider.manager.grpc;

import com.google.common.net.HostAndPort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on 127.0.0.1 in front of a test server, whose {@link #cut()} breaks every connection
 * at once without a word to either side: how a network failure looks to a gRPC client, unlike a
 * server that shuts down (which cancels its calls politely). One named thread accepts, two per
 * connection relay; {@link #close()} ends them all.
 */
final class TcpProxy implements AutoCloseable {

  private final ServerSocket listener;
  private final HostAndPort target;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();

  TcpProxy(HostAndPort target) throws IOException {
    this.target = target;
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    start(new Thread(this::accept, "tcp-proxy-accept"));
  }

  /** Where clients connect. */
  HostAndPort endpoint() {
    return HostAndPort.fromParts(
        listener.getInetAddress().getHostAddress(), listener.getLocalPort());
  }

  /** Breaks every open connection; new ones are still accepted. */
  void cut() throws IOException {
    for (Socket socket : sockets) {
      sockets.remove(socket);
      try {
        socket.setSoLinger(true, 0); // a reset, not an orderly close
      } catch (SocketException e) {
        // Its relay closed it already (the other side went away): nothing left to break.
      }
      socket.close();
    }
  }

  @Override
  public void close() throws IOException {
    listener.close();
    cut();
    try {
      for (Thread thread : threads) {
        thread.join(5_000);
        if (thread.isAlive()) {
          throw new AssertionError(thread.getName() + " still running");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while stopping the proxy's threads", e);
    }
  }

  private void accept() {
    try {
      while (true) {
        Socket client = listener.accept();
        Socket server = new Socket(target.getHost(), target.getPort());
        sockets.add(client);
        sockets.add(server);
        start(new Thread(() -> relay(client, server), "tcp-proxy-up"));
        start(new Thread(() -> relay(server, client), "tcp-proxy-down"));
      }
    } catch (IOException e) {
      // The listener was closed: the proxy is shutting down.
    }
  }

  private static void relay(Socket from, Socket to) {
    byte[] buffer = new byte[16 << 10];
    try (InputStream in = from.getInputStream();
        OutputStream out = to.getOutputStream()) {
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (SocketException e) {
      // cut() closed a socket under us: the point of the exercise.
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      closeSocket(from);
      closeSocket(to);
    }
  }

  private static void closeSocket(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("closing a relay socket", e);
    }
  }

  private void start(Thread thread) {
    thread.setDaemon(true);
    threads.add(thread);
    thread.start();
  }
}
