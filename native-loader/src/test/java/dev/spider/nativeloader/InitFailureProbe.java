package dev.spider.nativeloader;

import java.nio.file.Path;

/**
 * Run in a child JVM by {@link InitFailureTest} (the environment variable that makes the init hook
 * fail cannot be set inside a running JVM): loads {@code args[0]} as package {@code args[1]} and
 * prints the outcome as one line: {@code loaded <name>} or {@code <load failure kind>|<TdlError
 * variant or ->|<TdlError message or ->}.
 */
public final class InitFailureProbe {

  private InitFailureProbe() {}

  public static void main(String[] args) {
    try (NativePackage loaded = NativePackage.load(Path.of(args[0]), args[1])) {
      System.out.println("loaded " + loaded.name());
    } catch (NativeLoadException e) {
      System.out.println(
          e.kind().name()
              + "|"
              + e.initError().map(t -> t.kind().variantName()).orElse("-")
              + "|"
              + e.initError().map(Throwable::getMessage).orElse("-"));
    }
  }
}
