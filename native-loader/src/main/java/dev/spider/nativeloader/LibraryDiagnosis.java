package dev.spider.nativeloader;

import com.sun.jna.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a failed {@code dlopen} into a one-line reason: the dynamic loader's own message, picked
 * out of JNA's multi-line report, plus what the file's ELF header says when that is clearer (glibc
 * reports a library for another architecture as "No such file or directory"). Stateless and
 * thread-safe.
 */
final class LibraryDiagnosis {

  private static final int EM_386 = 3;
  private static final int EM_ARM = 40;
  private static final int EM_X86_64 = 62;
  private static final int EM_AARCH64 = 183;
  private static final int EM_RISCV = 243;

  private static final Map<Integer, String> MACHINES =
      Map.of(
          EM_386, "x86 (32-bit)",
          EM_ARM, "arm (32-bit)",
          EM_X86_64, "x86-64",
          EM_AARCH64, "aarch64",
          EM_RISCV, "riscv");

  private LibraryDiagnosis() {}

  /** The loader's message from JNA's report (which also lists every fallback JNA tried). */
  static String loaderMessage(UnsatisfiedLinkError error) {
    String message = String.valueOf(error.getMessage());
    for (String line : message.split("\\R")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty()
          && !trimmed.startsWith("Unable to load library")
          && !trimmed.startsWith("Native library (")) {
        return trimmed;
      }
    }
    return message.replaceAll("\\s*\\R\\s*", " ").strip();
  }

  /**
   * What is wrong with the file itself, if its first bytes tell: missing, unreadable, not ELF, not
   * 64-bit little-endian, or built for another machine than this JVM's.
   */
  static Optional<String> fileProblem(Path library) {
    if (!Files.exists(library)) {
      return Optional.of("the file does not exist");
    }
    byte[] header = new byte[20];
    int read;
    try (InputStream in = Files.newInputStream(library)) {
      read = in.readNBytes(header, 0, header.length);
    } catch (IOException e) {
      return Optional.of("the file cannot be read (" + e.getMessage() + ")");
    }
    if (read < header.length
        || header[0] != 0x7f
        || header[1] != 'E'
        || header[2] != 'L'
        || header[3] != 'F') {
      return Optional.of("the file is not an ELF shared object");
    }
    if (header[4] != 2 || header[5] != 1) {
      return Optional.of("the file is not a 64-bit little-endian ELF object");
    }
    int machine = (header[18] & 0xff) | (header[19] & 0xff) << 8;
    int expected = Platform.isARM() ? EM_AARCH64 : EM_X86_64;
    if (machine != expected) {
      return Optional.of(
          "the file is built for "
              + MACHINES.getOrDefault(machine, "ELF machine " + machine)
              + ", this JVM runs on "
              + MACHINES.get(expected));
    }
    return Optional.empty();
  }
}
