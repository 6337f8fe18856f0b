package dev.spider.manager.pool;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.HexFormat;

/**
 * A stand-in executor for the class-data archive tests, packed alone into a jar by {@link
 * FakeExecutorJar}: it uses nothing but the JDK, so the jar needs no class path. It writes the
 * frame in {@value #HELLO_ENV} (hex, length prefix included) as its Hello, answers each request
 * frame with the same frame, and exits 0 when its stdin ends, as a real executor does; with {@value
 * #FAIL_ENV} set it exits with that status before writing anything.
 */
public final class FakeExecutorMain {

  static final String HELLO_ENV = "FAKE_EXECUTOR_HELLO";
  static final String FAIL_ENV = "FAKE_EXECUTOR_FAIL";

  private FakeExecutorMain() {}

  public static void main(String[] args) throws IOException {
    String fail = System.getenv(FAIL_ENV);
    if (fail != null) {
      System.err.println("fake executor failing on purpose with status " + fail);
      Runtime.getRuntime().halt(Integer.parseInt(fail));
    }
    byte[] hello = HexFormat.of().parseHex(System.getenv(HELLO_ENV));
    OutputStream out = System.out;
    out.write(hello);
    out.flush();
    DataInputStream in = new DataInputStream(System.in);
    while (true) {
      int length;
      try {
        length = in.readInt();
      } catch (EOFException e) {
        System.exit(0);
        return;
      }
      in.readFully(new byte[length]);
      out.write(hello);
      out.flush();
    }
  }
}
