package dev.spider.manager.client;

import java.util.HexFormat;

/** Test bytes written as hex, spaces allowed: {@code hex("01 02000000")}. */
final class Bytes {

  private Bytes() {}

  static byte[] hex(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }
}
