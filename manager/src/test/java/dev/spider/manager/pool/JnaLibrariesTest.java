package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Platform;
import dev.spider.protocol.process.JnaLibraryCopies;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copies of JNA's native libraries beside the class-data archive (docs/process-pool.md). */
class JnaLibrariesTest {

  @TempDir Path dir;

  @Test
  void theLibrariesOfThisPlatformAreUnpackedWholeUnderTheirOwnNamesAndNothingElse()
      throws Exception {
    byte[] dispatch = randomBytes(200_000);
    byte[] shim = randomBytes(16_000);
    String prefix = Platform.RESOURCE_PREFIX;
    Map<String, byte[]> entries = new HashMap<>();
    entries.put(JnaLibraries.dispatchEntryName(), dispatch);
    entries.put(prefix + "/libspidertdlshim.so", shim);
    entries.put("other.so", new byte[3]);
    entries.put(prefix + "/nested/libdeeper.so", new byte[3]);
    entries.put(prefix + "/notes.txt", new byte[3]);
    entries.put(prefix + "/lib.so", new byte[3]);
    entries.put("some-other-platform/libspidertdlshim.so", new byte[3]);
    entries.put(prefix + "/libjnidispatch.so", new byte[3]); // never in place of JNA's own
    Path target = dir.resolve("cds").resolve("0123abcd" + JnaLibraries.SUFFIX);

    assertEquals(Optional.of(target), JnaLibraries.unpack(jar("executor.jar", entries), target));

    Path dispatchCopy = target.resolve(JnaLibraryCopies.DISPATCH_FILE);
    assertArrayEquals(dispatch, Files.readAllBytes(dispatchCopy));
    assertArrayEquals(shim, Files.readAllBytes(target.resolve("libspidertdlshim.so")));
    assertEquals(
        Set.of(dispatchCopy, target.resolve("libspidertdlshim.so")),
        Set.copyOf(list(target)),
        "nothing else");
    assertEquals(List.of(target), list(target.getParent()), "no temporary file is left");
    assertEquals(Optional.of(target), JnaLibraries.published(target));
    assertEquals(
        "-Dspider.executor.jnaLibraries=" + target,
        JnaLibraries.jvmOption(target),
        "the executor's");
  }

  @Test
  void aJarWithMoreLibrariesThanAnyExecutorBundlesIsRefused() throws Exception {
    Map<String, byte[]> entries = new HashMap<>();
    entries.put(JnaLibraries.dispatchEntryName(), new byte[10]);
    for (int i = 0; i < 16; i++) {
      entries.put(Platform.RESOURCE_PREFIX + "/libextra" + i + ".so", new byte[10]);
    }
    Path jar = jar("crowded.jar", entries);

    IOException e =
        assertThrows(
            IOException.class,
            () -> JnaLibraries.unpack(jar, dir.resolve("k" + JnaLibraries.SUFFIX)));

    assertTrue(e.getMessage().contains(jar.toString()), e.getMessage());
    assertTrue(Files.notExists(dir.resolve("k" + JnaLibraries.SUFFIX)), "nothing is written");
  }

  @Test
  void aCopyThereIsReplaced() throws Exception {
    Path target = dir.resolve("key" + JnaLibraries.SUFFIX);
    Files.createDirectories(target);
    Files.write(target.resolve(JnaLibraryCopies.DISPATCH_FILE), new byte[] {1, 2, 3});
    byte[] library = randomBytes(5000);

    Path jar = jar("executor.jar", Map.of(JnaLibraries.dispatchEntryName(), library));

    JnaLibraries.unpack(jar, target);

    assertArrayEquals(library, Files.readAllBytes(target.resolve(JnaLibraryCopies.DISPATCH_FILE)));
    assertEquals(1, list(target).size());
    assertEquals(Set.of(target, jar), Set.copyOf(list(dir)), "no temporary file is left");
  }

  @Test
  void aJarWithoutTheLibraryGivesNothingAndWritesNothing() throws Exception {
    Path target = dir.resolve("key" + JnaLibraries.SUFFIX);

    assertEquals(
        Optional.empty(),
        JnaLibraries.unpack(jar("stand-in.jar", Map.of("a.txt", new byte[1])), target));

    assertTrue(Files.notExists(target));
    assertEquals(Optional.empty(), JnaLibraries.published(target));
  }

  @Test
  void anEntryLargerThanAnyDispatchLibraryIsRefusedAndLeavesNoFile() throws Exception {
    Path jar = jar("huge.jar", Map.of(JnaLibraries.dispatchEntryName(), new byte[(16 << 20) + 1]));
    Path target = dir.resolve("key" + JnaLibraries.SUFFIX);

    IOException e = assertThrows(IOException.class, () -> JnaLibraries.unpack(jar, target));

    assertTrue(e.getMessage().contains(jar.toString()), e.getMessage());
    assertEquals(List.of(jar), list(dir), "neither the library nor a temporary file");
  }

  @Test
  void aFailureAfterSomeCopiesLeavesNoneOfThem() throws Exception {
    Map<String, byte[]> entries = new HashMap<>();
    entries.put(JnaLibraries.dispatchEntryName(), new byte[10]); // copied first
    entries.put(Platform.RESOURCE_PREFIX + "/libhuge.so", new byte[(16 << 20) + 1]);
    Path jar = jar("half.jar", entries);
    Path target = dir.resolve("key" + JnaLibraries.SUFFIX);
    Files.createDirectories(target);
    Files.write(target.resolve(JnaLibraryCopies.DISPATCH_FILE), new byte[] {1}); // an older copy

    assertThrows(IOException.class, () -> JnaLibraries.unpack(jar, target));

    assertEquals(List.of(jar), list(dir), "no directory of some of one jar's libraries");
    assertEquals(Optional.empty(), JnaLibraries.published(target));
  }

  @Test
  void aJarThatCannotBeReadSaysWhich() throws Exception {
    Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");

    IOException e =
        assertThrows(IOException.class, () -> JnaLibraries.unpack(notAJar, dir.resolve("k.jna")));

    assertTrue(Files.notExists(dir.resolve("k.jna")));
    assertTrue(e.getMessage().contains(notAJar.toString()), e.getMessage());
  }

  private Path jar(String name, Map<String, byte[]> entries) throws IOException {
    Path jar = dir.resolve(name);
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file)) {
      for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
        out.putNextEntry(new JarEntry(entry.getKey()));
        out.write(entry.getValue());
        out.closeEntry();
      }
    }
    return jar;
  }

  private static byte[] randomBytes(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private static List<Path> list(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    }
  }
}
