package dev.spider.executor.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageDescription;
import dev.spider.protocol.PackageName;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class PackageDirectoryTest {

  @TempDir Path tmp;

  private Path root;
  private Path outside;
  private PackageDirectory packages;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(tmp.resolve("packages"));
    outside = Files.createDirectories(tmp.resolve("outside"));
    packages = PackageDirectory.open(root);
  }

  @Test
  void findsAJarPackage() throws Exception {
    Path jar = touch(root.resolve("pkg/pkg.jar"));
    PackageLocation location = packages.locate(name("pkg"));
    assertEquals(PackageDescription.Kind.JAR, location.kind());
    assertEquals(jar.toRealPath(), location.file());
    assertEquals(List.of(), location.libraries());
    assertEquals(name("pkg"), location.name());
  }

  @Test
  void aFifoAsThePackageFileIsAnInvalidLibrary() throws Exception {
    for (String file : List.of("fifo_jar/fifo_jar.jar", "fifo_so/libfifo_so.so")) {
      Path fifo = fifo(root.resolve(file));
      String name = fifo.getParent().getFileName().toString();
      ExecutorFailure e = assertThrows(ExecutorFailure.class, () -> packages.locate(name(name)));
      assertEquals(ErrorKind.INVALID_LIBRARY, e.error().kind());
      assertTrue(e.error().message().contains("not a regular file"), e.error().message());
    }
  }

  @Test
  void aFifoAmongTheLibrariesIsAnInvalidLibrary() throws Exception {
    touch(root.resolve("pkg/pkg.jar"));
    fifo(root.resolve("pkg/lib/dep.jar"));
    ExecutorFailure e = assertThrows(ExecutorFailure.class, () -> packages.locate(name("pkg")));
    assertEquals(ErrorKind.INVALID_LIBRARY, e.error().kind());
    assertTrue(e.error().message().contains("dep.jar"), e.error().message());
  }

  @Test
  void aDirectoryNamedLikeThePackageFileIsAnInvalidLibrary() throws Exception {
    Files.createDirectories(root.resolve("pkg/pkg.jar"));
    ExecutorFailure e = assertThrows(ExecutorFailure.class, () -> packages.locate(name("pkg")));
    assertEquals(ErrorKind.INVALID_LIBRARY, e.error().kind());
    assertTrue(e.error().message().contains("a directory"), e.error().message());
  }

  private static Path fifo(Path path) throws Exception {
    Files.createDirectories(path.getParent());
    Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
    assertTrue(mkfifo.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "mkfifo hangs");
    assertEquals(0, mkfifo.exitValue(), "mkfifo " + path);
    return path;
  }

  @Test
  void findsANativePackage() throws Exception {
    Path so = touch(root.resolve("pkg/libpkg.so"));
    PackageLocation location = packages.locate(name("pkg"));
    assertEquals(PackageDescription.Kind.NATIVE, location.kind());
    assertEquals(so.toRealPath(), location.file());
    assertEquals(List.of(), location.libraries());
  }

  @Test
  void missingDirectoryIsPackageNotFound() {
    ExecutorFailure f = failure("absent");
    assertEquals(ErrorKind.PACKAGE_NOT_FOUND, f.error().kind());
    assertTrue(f.error().message().contains("absent/absent.jar"), f.error().message());
  }

  @Test
  void aPlainFileInsteadOfTheDirectoryIsPackageNotFound() throws IOException {
    touch(root.resolve("pkg"));
    assertEquals(ErrorKind.PACKAGE_NOT_FOUND, failure("pkg").error().kind());
  }

  @Test
  void directoryWithoutThePackageFileIsPackageNotFound() throws IOException {
    touch(root.resolve("pkg/other.jar"));
    touch(root.resolve("pkg/libother.so"));
    touch(root.resolve("pkg/pkg.so"));
    touch(root.resolve("pkg/lib/pkg.jar"));
    ExecutorFailure f = failure("pkg");
    assertEquals(ErrorKind.PACKAGE_NOT_FOUND, f.error().kind());
    assertTrue(f.error().message().contains("neither pkg.jar nor libpkg.so"), f.error().message());
  }

  @Test
  void aDanglingLinkIsNotAPackageFile() throws IOException {
    Files.createDirectories(root.resolve("pkg"));
    Files.createSymbolicLink(root.resolve("pkg/pkg.jar"), outside.resolve("gone.jar"));
    assertEquals(ErrorKind.PACKAGE_NOT_FOUND, failure("pkg").error().kind());
  }

  @Test
  void bothFilesIsAmbiguous() throws IOException {
    touch(root.resolve("pkg/pkg.jar"));
    touch(root.resolve("pkg/libpkg.so"));
    ExecutorFailure f = failure("pkg");
    assertEquals(ErrorKind.AMBIGUOUS_PACKAGE, f.error().kind());
    assertTrue(f.error().message().contains("pkg.jar"), f.error().message());
    assertTrue(f.error().message().contains("libpkg.so"), f.error().message());
  }

  @Test
  void aPackageDirectoryLinkedOutsideIsRefused() throws IOException {
    touch(outside.resolve("evil/evil.jar"));
    Files.createSymbolicLink(root.resolve("evil"), outside.resolve("evil"));
    ExecutorFailure f = failure("evil");
    assertEquals(ErrorKind.INVALID_PACKAGE_NAME, f.error().kind());
    assertTrue(f.error().message().contains("outside the package directory"), f.error().message());
  }

  @Test
  void aLinkToASiblingDirectorySharingTheRootsNamePrefixIsOutside() throws IOException {
    Path sibling = Files.createDirectories(tmp.resolve("packages-evil/evil"));
    touch(sibling.resolve("evil.jar"));
    Files.createSymbolicLink(root.resolve("evil"), sibling);
    assertEquals(ErrorKind.INVALID_PACKAGE_NAME, failure("evil").error().kind());
  }

  @Test
  void aPackageJarLinkedOutsideIsRefused() throws IOException {
    Files.createDirectories(root.resolve("pkg"));
    Files.createSymbolicLink(root.resolve("pkg/pkg.jar"), touch(outside.resolve("stolen.jar")));
    assertEquals(ErrorKind.INVALID_PACKAGE_NAME, failure("pkg").error().kind());
  }

  @Test
  void aNativeLibraryLinkedOutsideIsRefused() throws IOException {
    Files.createDirectories(root.resolve("pkg"));
    Files.createSymbolicLink(root.resolve("pkg/libpkg.so"), touch(outside.resolve("libc.so")));
    assertEquals(ErrorKind.INVALID_PACKAGE_NAME, failure("pkg").error().kind());
  }

  @Test
  void linksInsideThePackageDirectoryAreFollowed() throws Exception {
    // The versioned-deploy layout: pkg/pkg.jar -> ../store/pkg-2.jar, and a directory alias.
    Path stored = touch(root.resolve("store/pkg-2.jar"));
    Files.createDirectories(root.resolve("pkg"));
    Files.createSymbolicLink(root.resolve("pkg/pkg.jar"), Path.of("../store/pkg-2.jar"));
    Path aliased = touch(root.resolve("real_dir/alias.jar"));
    Files.createSymbolicLink(root.resolve("alias"), Path.of("real_dir"));

    assertEquals(stored.toRealPath(), packages.locate(name("pkg")).file());
    assertEquals(aliased.toRealPath(), packages.locate(name("alias")).file());
  }

  @Test
  void aPackageDirectoryReachedThroughALinkWorks() throws Exception {
    Path jar = touch(root.resolve("pkg/pkg.jar"));
    Path link = Files.createSymbolicLink(tmp.resolve("link-to-packages"), root);

    PackageDirectory linked = PackageDirectory.open(link);

    assertEquals(root.toRealPath(), linked.root());
    assertEquals(jar.toRealPath(), linked.locate(name("pkg")).file());
  }

  @Test
  void librariesAreTheSortedJarsOfLib() throws Exception {
    touch(root.resolve("pkg/pkg.jar"));
    Path b = touch(root.resolve("pkg/lib/b.jar"));
    Path a = touch(root.resolve("pkg/lib/a.jar"));
    Path c = touch(root.resolve("pkg/lib/c-1.0.jar"));
    touch(root.resolve("pkg/lib/notes.txt"));
    touch(root.resolve("pkg/lib/nested/d.jar"));
    touch(root.resolve("pkg/e.jar"));

    List<Path> libraries = packages.locate(name("pkg")).libraries();

    assertEquals(List.of(a.toRealPath(), b.toRealPath(), c.toRealPath()), libraries);
  }

  @Test
  void aLibraryLinkedOutsideIsRefused() throws IOException {
    touch(root.resolve("pkg/pkg.jar"));
    touch(root.resolve("pkg/lib/a.jar"));
    Files.createSymbolicLink(root.resolve("pkg/lib/z.jar"), touch(outside.resolve("z.jar")));
    assertEquals(ErrorKind.INVALID_PACKAGE_NAME, failure("pkg").error().kind());
  }

  @Test
  void aLibDirectoryLinkedOutsideIsRefused() throws IOException {
    touch(root.resolve("pkg/pkg.jar"));
    touch(outside.resolve("lib/a.jar"));
    Files.createSymbolicLink(root.resolve("pkg/lib"), outside.resolve("lib"));
    assertEquals(ErrorKind.INVALID_PACKAGE_NAME, failure("pkg").error().kind());
  }

  @Test
  void openingAMissingDirectoryNamesIt() {
    Path missing = tmp.resolve("nope");
    IOException e = assertThrows(IOException.class, () -> PackageDirectory.open(missing));
    assertInstanceOf(NoSuchFileException.class, e);
    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void openingARegularFileNamesIt() throws IOException {
    Path file = touch(tmp.resolve("file"));
    IOException e = assertThrows(IOException.class, () -> PackageDirectory.open(file));
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not a directory"), e.getMessage());
  }

  private ExecutorFailure failure(String name) {
    return assertThrows(ExecutorFailure.class, () -> packages.locate(name(name)));
  }

  private static PackageName name(String name) {
    return new PackageName(name);
  }

  private static Path touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.exists(file) ? file : Files.createFile(file);
  }
}
