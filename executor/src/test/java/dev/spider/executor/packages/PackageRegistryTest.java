package dev.spider.executor.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.executor.packages.fixtures.FlakyInitPackage;
import dev.spider.executor.packages.fixtures.GoodPackage;
import dev.spider.executor.packages.fixtures.Shared;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageDescription;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.wire.WireFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PackageRegistryTest {

  @TempDir Path root;

  /** Every location the native loader was asked to load; it refuses them all. */
  private final List<PackageLocation> nativeLoads = new ArrayList<>();

  private PackageRegistry registry;

  @BeforeEach
  void setUp() throws IOException {
    Shared.reset();
    registry =
        new PackageRegistry(
            PackageDirectory.open(root),
            new JarPackageLoader(),
            location -> {
              nativeLoads.add(location);
              throw new ExecutorFailure(
                  ErrorKind.INVALID_LIBRARY, "test native loader refuses " + location.name());
            });
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  @Test
  void aLoadedPackageIsCachedAndInitRunsOnce() throws Exception {
    deploy(GoodPackage.class, GoodPackage.NAME);

    LoadedPackage first = registry.get(GoodPackage.NAME);
    LoadedPackage second = registry.get(GoodPackage.NAME);

    assertSame(first, second);
    assertEquals(1, Shared.counter("good_pkg.init").get());
    assertEquals(GoodPackage.NAME, first.describe().name());
  }

  @Test
  void aCachedPackageIsServedEvenAfterItsFilesAreGone() throws Exception {
    deploy(GoodPackage.class, GoodPackage.NAME);
    LoadedPackage first = registry.get(GoodPackage.NAME);
    deleteTree(root.resolve(GoodPackage.NAME));

    assertSame(first, registry.get(GoodPackage.NAME));
    assertEquals(1, Shared.counter("good_pkg.init").get());
  }

  @Test
  void aFailedInitIsNotCachedAndTheNextGetTriesAgain() throws Throwable {
    deploy(FlakyInitPackage.class, FlakyInitPackage.NAME);
    Shared.counter("flaky_init.failures_left").set(1);

    ExecutorFailure f =
        assertThrows(ExecutorFailure.class, () -> registry.get(FlakyInitPackage.NAME));
    assertEquals(ErrorKind.PACKAGE_INIT_ERROR, f.error().kind());
    assertEquals(1, Shared.counter("flaky_init.attempts").get());

    LoadedPackage pkg = registry.get(FlakyInitPackage.NAME);
    assertEquals(2, Shared.counter("flaky_init.attempts").get());
    assertSame(pkg, registry.get(FlakyInitPackage.NAME));
    assertEquals(2, Shared.counter("flaky_init.attempts").get());
    byte[] context = TaskContext.of(1, TaskId.index(0), 1, 1).encode();
    assertEquals(1, WireFormat.decode(pkg.execute("ping", context, WireFormat.empty())).size());
  }

  @Test
  void aPackageNotFoundIsNotCachedEither() throws Exception {
    assertEquals(
        ErrorKind.PACKAGE_NOT_FOUND,
        assertThrows(ExecutorFailure.class, () -> registry.get(GoodPackage.NAME)).error().kind());

    deploy(GoodPackage.class, GoodPackage.NAME);

    assertEquals(GoodPackage.NAME, registry.get(GoodPackage.NAME).describe().name());
  }

  @Test
  void invalidNamesAreRefusedBeforeAnyFileSystemAccess() throws Exception {
    // With the package directory gone, any look-up on disk would fail as PackageNotFound.
    deleteTree(root);
    for (String name :
        List.of("..", "../x", "a/b", "a.b", "", "pkg\n", "a\0b", "пакет", "a".repeat(129))) {
      ExecutorFailure f = assertThrows(ExecutorFailure.class, () -> registry.get(name));
      assertEquals(ErrorKind.INVALID_PACKAGE_NAME, f.error().kind(), name);
    }
    assertEquals(
        ErrorKind.PACKAGE_NOT_FOUND,
        assertThrows(ExecutorFailure.class, () -> registry.get("valid_name")).error().kind());
    assertEquals(List.of(), nativeLoads);
  }

  @Test
  void nativePackagesGoToTheNativeLoaderAndFailuresAreNotCached() throws Exception {
    Files.createDirectories(root.resolve("native_pkg"));
    Path so = Files.createFile(root.resolve("native_pkg/libnative_pkg.so"));

    for (int i = 0; i < 2; i++) {
      ExecutorFailure f = assertThrows(ExecutorFailure.class, () -> registry.get("native_pkg"));
      assertEquals(ErrorKind.INVALID_LIBRARY, f.error().kind());
    }

    assertEquals(2, nativeLoads.size());
    PackageLocation location = nativeLoads.get(0);
    assertEquals(PackageDescription.Kind.NATIVE, location.kind());
    assertEquals(so.toRealPath(), location.file());
  }

  @Test
  void theUnsupportedNativeLoaderSaysWhy() throws IOException {
    Files.createDirectories(root.resolve("native_pkg"));
    Files.createFile(root.resolve("native_pkg/libnative_pkg.so"));
    try (PackageRegistry unsupported =
        new PackageRegistry(
            PackageDirectory.open(root),
            new JarPackageLoader(),
            PackageRegistry.nativeUnsupported("no JNA on this platform"))) {
      ExecutorFailure f = assertThrows(ExecutorFailure.class, () -> unsupported.get("native_pkg"));
      assertEquals(ErrorKind.INVALID_LIBRARY, f.error().kind());
      assertTrue(f.error().message().contains("native_pkg"), f.error().message());
      assertTrue(f.error().message().contains("no JNA on this platform"), f.error().message());
    }
  }

  @Test
  void closeClosesTheLoadedPackages() throws Exception {
    deploy(GoodPackage.class, GoodPackage.NAME);
    registry.get(GoodPackage.NAME);
    PackageClassLoader loader =
        assertInstanceOf(PackageClassLoader.class, Shared.ref("good_pkg.init.own_loader").get());

    registry.close();

    IllegalStateException e =
        assertThrows(
            IllegalStateException.class, () -> loader.loadClass(GoodPackage.class.getName()));
    assertTrue(e.getMessage().contains(GoodPackage.NAME), e.getMessage());
  }

  private void deploy(Class<?> packageClass, String name) {
    TestJars.jar()
        .tdlVersion("0.1.0")
        .classes(packageClass, Shared.class)
        .providers(packageClass.getName())
        .write(root.resolve(name).resolve(name + ".jar"));
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
