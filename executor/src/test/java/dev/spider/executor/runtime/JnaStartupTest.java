package dev.spider.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.process.JnaLibraryCopies;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** JNA's start-up settings exist only while the executor's own JNA starts. */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class JnaStartupTest {

  private static final String[] PROPERTIES = {
    JnaLibraryCopies.PROPERTY, JnaStartup.BOOT_PATH, JnaStartup.PLATFORM_PATH
  };

  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void clear() {
    for (String name : PROPERTIES) {
      String value = System.getProperty(name);
      if (value != null) {
        saved.put(name, value);
      }
      System.clearProperty(name);
    }
  }

  @AfterEach
  void restore() {
    Arrays.stream(PROPERTIES).forEach(System::clearProperty);
    saved.forEach(System::setProperty);
  }

  @Test
  void theDispatchDirectoryAndAnEmptyPlatformPathHoldOnlyDuringTheFirstUse() {
    System.setProperty(JnaLibraryCopies.PROPERTY, "/cache/key.jna");

    Map<String, String> seen =
        JnaStartup.firstUse(
            () ->
                Map.of(
                    "boot", String.valueOf(System.getProperty(JnaStartup.BOOT_PATH)),
                    "platform", String.valueOf(System.getProperty(JnaStartup.PLATFORM_PATH))));

    assertEquals(Map.of("boot", "/cache/key.jna", "platform", ""), seen);
    assertNull(System.getProperty(JnaStartup.BOOT_PATH));
    assertNull(System.getProperty(JnaStartup.PLATFORM_PATH));
    assertEquals("/cache/key.jna", System.getProperty(JnaLibraryCopies.PROPERTY));
  }

  @Test
  void withoutADispatchDirectoryJnaUnpacksAsUsual() {
    String boot = JnaStartup.firstUse(() -> System.getProperty(JnaStartup.BOOT_PATH));

    assertNull(boot, "JNA looks for no dispatch library of ours");
    assertNull(System.getProperty(JnaStartup.PLATFORM_PATH));
  }

  @Test
  void settingsOfTheExecutorsOwnJvmOptionsAreLeftAlone() {
    System.setProperty(JnaLibraryCopies.PROPERTY, "/cache/key.jna");
    System.setProperty(JnaStartup.BOOT_PATH, "/opt/jna");
    System.setProperty(JnaStartup.PLATFORM_PATH, "/opt/lib");

    String seen =
        JnaStartup.firstUse(
            () ->
                System.getProperty(JnaStartup.BOOT_PATH)
                    + " "
                    + System.getProperty(JnaStartup.PLATFORM_PATH));

    assertEquals("/opt/jna /opt/lib", seen);
    assertEquals("/opt/jna", System.getProperty(JnaStartup.BOOT_PATH));
    assertEquals("/opt/lib", System.getProperty(JnaStartup.PLATFORM_PATH));
  }

  @Test
  void jnasPlainErrorBecomesALinkErrorAndTheJvmsOwnPassAsTheyAre() {
    Error refusal = new Error("There is an incompatible JNA native library installed");
    UnsatisfiedLinkError link = firstUseThrowing(UnsatisfiedLinkError.class, refusal);
    assertSame(refusal, link.getCause());
    assertTrue(link.getMessage().contains("incompatible JNA"), link.getMessage());

    OutOfMemoryError full = new OutOfMemoryError("Metaspace");
    assertSame(full, firstUseThrowing(OutOfMemoryError.class, full));
    assertNull(System.getProperty(JnaStartup.PLATFORM_PATH));
  }

  @Test
  void theSettingsArePutBackWhenTheFirstUseFails() {
    System.setProperty(JnaLibraryCopies.PROPERTY, "/cache/key.jna");
    UnsatisfiedLinkError broken = new UnsatisfiedLinkError("no jnidispatch");

    UnsatisfiedLinkError thrown = firstUseThrowing(UnsatisfiedLinkError.class, broken);

    assertSame(broken, thrown);
    assertNull(System.getProperty(JnaStartup.BOOT_PATH));
    assertNull(System.getProperty(JnaStartup.PLATFORM_PATH));
  }

  /** {@link JnaStartup#firstUse} of a use that throws {@code thrown}: what it throws instead. */
  private static <T extends Throwable> T firstUseThrowing(Class<T> expected, Error thrown) {
    return assertThrows(
        expected,
        () ->
            JnaStartup.firstUse(
                () -> {
                  throw thrown;
                }));
  }
}
