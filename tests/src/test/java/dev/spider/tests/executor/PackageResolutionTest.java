package dev.spider.tests.executor;

import static dev.spider.tests.executor.ExecutorProcess.error;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.Response;
import dev.spider.tests.SamplePackages;
import dev.spider.tests.Tdl;
import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Package naming, containment and loading failures, against one executor over a package directory
 * assembled for the test: the sample packages, the broken ones, and link attacks.
 */
class PackageResolutionTest {

  private static final String JAR = SamplePackages.JAR_TASKS;

  @TempDir static Path root;
  private static Path packages;
  private static ExecutorProcess executor;

  @BeforeAll
  static void start() throws Exception {
    packages = Files.createDirectory(root.resolve("packages"));
    Path outside = Files.createDirectory(root.resolve("outside"));
    // The working package is reached through a link that stays inside the package directory.
    Path store = Files.createDirectory(packages.resolve("_store"));
    PackageCopies.copy(TestEnvironment.packagesDir(), JAR, store);
    Files.createSymbolicLink(packages.resolve(JAR), store.resolve(JAR));
    try (Stream<Path> broken = Files.list(TestEnvironment.brokenPackagesDir())) {
      for (Path dir : (Iterable<Path>) broken::iterator) {
        PackageCopies.copy(
            TestEnvironment.brokenPackagesDir(), dir.getFileName().toString(), packages);
      }
    }
    // A package directory that is a link to a directory outside the package directory.
    PackageCopies.copy(TestEnvironment.packagesDir(), JAR, outside);
    Files.createSymbolicLink(packages.resolve("escaping_dir"), outside.resolve(JAR));
    // A package file that is a link to a file outside.
    Path escapingFile = Files.createDirectory(packages.resolve("escaping_file"));
    Files.copy(outside.resolve(JAR).resolve(JAR + ".jar"), outside.resolve("escaping_file.jar"));
    Files.createSymbolicLink(
        escapingFile.resolve("escaping_file.jar"), outside.resolve("escaping_file.jar"));
    // Both a JAR and a native library.
    Path ambiguous = Files.createDirectory(packages.resolve("ambiguous"));
    Files.writeString(ambiguous.resolve("ambiguous.jar"), "x");
    Files.writeString(ambiguous.resolve("libambiguous.so"), "x");
    // A directory without a package file.
    Files.createDirectory(packages.resolve("empty_dir"));

    executor = ExecutorProcess.start(ExecutorSetup.over(packages));
    executor.hello();
  }

  @AfterAll
  static void stop() {
    executor.close();
  }

  static Stream<Arguments> attacks() {
    return Stream.of(
        Arguments.of("dot dot", ".."),
        Arguments.of("parent path", "../x"),
        Arguments.of("slash", "a/b"),
        Arguments.of("backslash", "a\\b"),
        Arguments.of("dot", "."),
        Arguments.of("empty", ""),
        Arguments.of("129 characters", "a".repeat(129)),
        Arguments.of("NUL byte", JAR + "\0"),
        Arguments.of("trailing newline", JAR + "\n"),
        Arguments.of("non-ASCII letters", "pâckage"),
        Arguments.of("dotted", JAR + ".jar"),
        Arguments.of("directory linked outside", "escaping_dir"),
        Arguments.of("package file linked outside", "escaping_file"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("attacks")
  void refusedAsInvalidPackageName(String what, String name) throws Exception {
    assertKind(name, ErrorKind.INVALID_PACKAGE_NAME);
  }

  @Test
  void unknownPackage() throws Exception {
    assertKind("no_such_package", ErrorKind.PACKAGE_NOT_FOUND);
  }

  @Test
  void directoryWithoutAPackageFile() throws Exception {
    assertKind("empty_dir", ErrorKind.PACKAGE_NOT_FOUND);
  }

  @Test
  void ambiguousPackage() throws Exception {
    assertKind("ambiguous", ErrorKind.AMBIGUOUS_PACKAGE);
  }

  @Test
  void corruptJar() throws Exception {
    assertKind("corrupt_jar", ErrorKind.INVALID_LIBRARY);
  }

  @Test
  void emptyJar() throws Exception {
    assertKind("empty_jar", ErrorKind.INVALID_LIBRARY);
  }

  @Test
  void noProvider() throws Exception {
    assertKind("no_provider", ErrorKind.INVALID_LIBRARY);
  }

  @Test
  void twoProviders() throws Exception {
    assertKind("two_providers", ErrorKind.DUPLICATE_PACKAGE);
  }

  @Test
  void declaredNameMismatch() throws Exception {
    ExecutorError error = assertKind("name_mismatch_jar", ErrorKind.PACKAGE_NAME_MISMATCH);
    assertTrue(error.message().contains("something_else"), error.message());
  }

  @Test
  void linkInsideThePackageDirectoryIsFollowed() throws Exception {
    Response.Result result =
        executor.call(
            JAR, "fibonacci", Tdl.indexContext(), Tdl.inputs(Tdl.encode(Long.class, 10L)));
    assertEquals(55L, Tdl.singleOutput(result.payload(), Long.class));
  }

  @Test
  void incompatibleTdlVersion() throws Exception {
    ExecutorError error = assertKind("wrong_tdl_version_jar", ErrorKind.INCOMPATIBLE_VERSION);
    assertTrue(error.message().contains("0.2.0"), error.message());
  }

  @Test
  void missingTdlVersion() throws Exception {
    ExecutorError error = assertKind("missing_tdl_version_jar", ErrorKind.INVALID_LIBRARY);
    assertTrue(error.message().contains("Spider-Tdl-Version"), error.message());
  }

  @Test
  void duplicateTaskNamesAreALoadError() throws Exception {
    ExecutorError error = assertKind("duplicate_task_names", ErrorKind.INVALID_LIBRARY);
    assertTrue(error.message().contains("twice"), error.message());
  }

  @Test
  void initThrowingARuntimeExceptionIsAPackageInitError() throws Exception {
    assertKind("init_throws_runtime", ErrorKind.PACKAGE_INIT_ERROR);
  }

  @Test
  void theExecutorStillServesAfterEveryFailure() throws Exception {
    Response.Result result =
        executor.call(
            JAR,
            "add",
            Tdl.indexContext(),
            Tdl.inputs(Tdl.encode(Long.class, 40L), Tdl.encode(Long.class, 2L)));
    assertEquals(42L, Tdl.singleOutput(result.payload(), Long.class));
  }

  private static ExecutorError assertKind(String pkg, ErrorKind expected) throws Exception {
    Response.Result result =
        executor.call(pkg, "fibonacci", Tdl.indexContext(), Tdl.inputs(Tdl.encode(Long.class, 3L)));
    ExecutorError error = error(result);
    assertEquals(expected, error.kind(), () -> pkg + ": " + error);
    return error;
  }
}
