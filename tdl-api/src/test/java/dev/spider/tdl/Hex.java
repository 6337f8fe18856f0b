package dev.spider.tdl;

import java.util.HexFormat;

/** Hex helpers for tests: {@code Hex.bytes("cd 01 00")} (spaces ignored) and back. */
public final class Hex {

  private Hex() {}

  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  public static String of(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
