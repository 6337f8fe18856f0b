package dev.spider.nativeloader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.nativeloader.NativeLoadException.Kind;
import dev.spider.tdl.TdlError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every deliberately broken library fails to load with its kind. The variants whose check comes
 * before init export a failing init hook, so a loader that ran init too early would report
 * PackageInitError instead: these cases pin the load order too. (Which executor error kind each
 * kind is reported as is the executor's mapping, tested there: NativeTaskPackageTest.)
 */
class BrokenLibraryTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "native_not_a_library,   INVALID_LIBRARY,       not an ELF",
    "native_wrong_arch,      INVALID_LIBRARY,       is built for",
    "native_missing_version, INVALID_LIBRARY,       package_get_version",
    "native_missing_execute, INVALID_LIBRARY,       package_execute",
    "native_wrong_version,   INCOMPATIBLE_VERSION,  TDL 0.2.0",
    "native_bad_utf8,        INVALID_UTF8,          ffc328",
    "native_name_mismatch,   PACKAGE_NAME_MISMATCH, some_other_name",
  })
  void brokenLibraryFailsWithItsKind(String name, Kind kind, String mentioned) {
    Path library = Natives.brokenPackage(name);
    assertTrue(Files.isRegularFile(library), library + " missing from the natives zip");
    NativeLoadException e =
        assertThrows(NativeLoadException.class, () -> NativePackage.load(library, name));
    assertEquals(kind, e.kind(), e.getMessage());
    assertEquals(library.toAbsolutePath().normalize(), e.library());
    assertTrue(
        e.getMessage().contains(library.toAbsolutePath().normalize().toString()),
        "the message names the library: " + e.getMessage());
    assertTrue(
        e.getMessage().contains(mentioned),
        "the message names the offending value '" + mentioned + "': " + e.getMessage());
    assertTrue(e.initError().isEmpty());
    assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
  }

  @Test
  void aMissingFileIsAnInvalidLibrary() {
    Path missing = Natives.dir().resolve("broken-packages/nowhere/libnowhere.so");
    NativeLoadException e =
        assertThrows(NativeLoadException.class, () -> NativePackage.load(missing, "nowhere"));
    assertEquals(Kind.INVALID_LIBRARY, e.kind());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void aFifoIsAnInvalidLibraryWithoutBeingOpened(@TempDir Path dir) throws Exception {
    Path fifo = dir.resolve("libfifo.so");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS), "mkfifo did not finish");
    assertEquals(0, mkfifo.exitValue());
    // Opening a FIFO for reading blocks until a writer appears: a loader that opened it would not
    // come back, so the load runs on its own thread, with a deadline.
    ExecutorService thread = Executors.newSingleThreadExecutor(r -> new Thread(r, "fifo-load"));
    try {
      Future<NativeLoadException> failure =
          thread.submit(
              () ->
                  assertThrows(NativeLoadException.class, () -> NativePackage.load(fifo, "fifo")));
      NativeLoadException e = failure.get(30, TimeUnit.SECONDS);
      assertEquals(Kind.INVALID_LIBRARY, e.kind());
      assertTrue(e.getMessage().contains("not a regular file"), e.getMessage());
    } finally {
      thread.shutdownNow();
    }
  }

  @Test
  void aDirectoryIsAnInvalidLibrary(@TempDir Path dir) throws Exception {
    Path directory = Files.createDirectory(dir.resolve("libdir.so"));
    NativeLoadException e =
        assertThrows(NativeLoadException.class, () -> NativePackage.load(directory, "dir"));
    assertEquals(Kind.INVALID_LIBRARY, e.kind());
    assertTrue(e.getMessage().contains("a directory"), e.getMessage());
  }

  /**
   * native_name_mismatch declares "some_other_name"; expected under that name it passes the version
   * and name checks, and its init hook (which always fails) runs and fails: a PackageInitError
   * carrying the decoded TdlError, released with free().
   */
  @Test
  void aFailingInitHookIsAPackageInitErrorWithTheDecodedTdlError() {
    NativeLoadException e =
        assertThrows(
            NativeLoadException.class,
            () ->
                NativePackage.load(
                    Natives.brokenPackage("native_name_mismatch"), "some_other_name"));
    assertEquals(Kind.PACKAGE_INIT_ERROR, e.kind());
    TdlError error = e.initError().orElseThrow();
    assertEquals(TdlError.Kind.EXECUTION_ERROR, error.kind());
    assertEquals(
        "some_other_name: init ran although loading should have stopped before it",
        error.getMessage());
    assertTrue(e.getMessage().contains("ExecutionError"), e.getMessage());
  }
}
