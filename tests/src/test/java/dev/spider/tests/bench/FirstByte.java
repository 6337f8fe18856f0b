package dev.spider.tests.bench;

import java.io.IOException;

/**
 * The spawn floor: a JVM that writes one byte to stdout and exits. The benchmark starts it with the
 * executor's flags and times spawn → that byte, to compare with spawn → Hello.
 */
public final class FirstByte {

  private FirstByte() {}

  public static void main(String[] args) throws IOException {
    System.out.write('!');
    System.out.flush();
  }
}
