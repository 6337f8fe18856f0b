package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The copy of JNA's dispatch library beside the class-data archive (docs/process-pool.md). */
class JnaDispatchTest {

  @TempDir Path dir;

  @Test
  void theLibraryOfThisPlatformIsUnpackedWholeUnderItsOwnName() throws Exception {
    byte[] library = randomBytes(200_000);
    Path jar =
        jar("executor.jar", Map.of(JnaDispatch.entryName(), library, "other.so", new byte[3]));
    Path target = dir.resolve("cds").resolve("0123abcd" + JnaDispatch.SUFFIX);

    assertEquals(Optional.of(target), JnaDispatch.unpack(jar, target));

    assertArrayEquals(library, Files.readAllBytes(target.resolve(JnaDispatch.fileName())));
    assertEquals(List.of(target.resolve(JnaDispatch.fileName())), list(target), "nothing else");
    assertEquals(Optional.of(target), JnaDispatch.published(target));
    assertEquals(
        "-Dspider.executor.jnaDispatch=" + target, JnaDispatch.jvmOption(target), "the executor's");
  }

  @Test
  void aCopyThereIsReplaced() throws Exception {
    Path target = dir.resolve("key" + JnaDispatch.SUFFIX);
    Files.createDirectories(target);
    Files.write(target.resolve(JnaDispatch.fileName()), new byte[] {1, 2, 3});
    byte[] library = randomBytes(5000);

    JnaDispatch.unpack(jar("executor.jar", Map.of(JnaDispatch.entryName(), library)), target);

    assertArrayEquals(library, Files.readAllBytes(target.resolve(JnaDispatch.fileName())));
    assertEquals(1, list(target).size(), "no temporary file is left");
  }

  @Test
  void aJarWithoutTheLibraryGivesNothingAndWritesNothing() throws Exception {
    Path target = dir.resolve("key" + JnaDispatch.SUFFIX);

    assertEquals(
        Optional.empty(),
        JnaDispatch.unpack(jar("stand-in.jar", Map.of("a.txt", new byte[1])), target));

    assertTrue(Files.notExists(target));
    assertEquals(Optional.empty(), JnaDispatch.published(target));
  }

  @Test
  void anEntryLargerThanAnyDispatchLibraryIsRefusedAndLeavesNoFile() throws Exception {
    Path jar = jar("huge.jar", Map.of(JnaDispatch.entryName(), new byte[(16 << 20) + 1]));
    Path target = dir.resolve("key" + JnaDispatch.SUFFIX);

    IOException e = assertThrows(IOException.class, () -> JnaDispatch.unpack(jar, target));

    assertTrue(e.getMessage().contains(jar.toString()), e.getMessage());
    assertEquals(List.of(), list(target), "neither the library nor a temporary file");
  }

  @Test
  void aJarThatCannotBeReadSaysWhich() throws Exception {
    Path notAJar = Files.writeString(dir.resolve("broken.jar"), "not a zip");

    IOException e =
        assertThrows(IOException.class, () -> JnaDispatch.unpack(notAJar, dir.resolve("k.jna")));

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
