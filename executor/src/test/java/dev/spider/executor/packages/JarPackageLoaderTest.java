package dev.spider.executor.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.executor.packages.fixtures.BadTaskPackage;
import dev.spider.executor.packages.fixtures.ConstructorThrowsPackage;
import dev.spider.executor.packages.fixtures.GoodPackage;
import dev.spider.executor.packages.fixtures.InitRuntimePackage;
import dev.spider.executor.packages.fixtures.InitTdlErrorPackage;
import dev.spider.executor.packages.fixtures.SecondPackage;
import dev.spider.executor.packages.fixtures.Shared;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageDescription;
import dev.spider.protocol.PackageName;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class JarPackageLoaderTest {

  @TempDir Path root;

  private final JarPackageLoader loader = new JarPackageLoader();
  private final List<LoadedPackage> loaded = new ArrayList<>();

  @BeforeEach
  void resetSharedState() {
    Shared.reset();
  }

  @AfterEach
  void closePackages() {
    loaded.forEach(LoadedPackage::close);
  }

  @Nested
  final class TheJarItself {

    @Test
    void anEmptyFileIsAnInvalidLibrary() throws IOException {
      Files.createDirectories(root.resolve("p"));
      Files.write(root.resolve("p/p.jar"), new byte[0]);
      ExecutorError error = failure("p");
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains("empty"), error.message());
    }

    @Test
    void bytesThatAreNotAZipAreAnInvalidLibrary() throws IOException {
      Files.createDirectories(root.resolve("p"));
      Files.writeString(root.resolve("p/p.jar"), "#!/bin/sh\necho this is not a jar\n");
      ExecutorError error = failure("p");
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains("not a valid JAR"), error.message());
    }

    @Test
    void aJarWithoutTheVersionAttributeIsAnInvalidLibrary() {
      fixture(GoodPackage.class).write(root.resolve("good_pkg/good_pkg.jar"));
      ExecutorError error = failure(GoodPackage.NAME);
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains("Spider-Tdl-Version"), error.message());
      assertEquals(0, Shared.counter("good_pkg.init").get());
    }

    @Test
    void aZipBombServiceFileIsAnInvalidLibrary() {
      byte[] bomb = new byte[JarLimits.MAX_SERVICE_FILE_BYTES * 4];
      Arrays.fill(bomb, (byte) ' ');
      fixture(GoodPackage.class)
          .tdlVersion("0.1.0")
          .entry(JarLimits.SERVICE_FILE, bomb)
          .write(root.resolve("good_pkg/good_pkg.jar"));
      ExecutorError error = failure(GoodPackage.NAME);
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains(JarLimits.SERVICE_FILE), error.message());
      assertTrue(error.message().contains("zip bomb"), error.message());
      assertEquals(0, Shared.counter("good_pkg.init").get());
    }

    @Test
    void aZipBombInALibraryJarsManifestIsAnInvalidLibrary() throws IOException {
      fixture(GoodPackage.class).tdlVersion("0.1.0").write(root.resolve("good_pkg/good_pkg.jar"));
      Path lib = Files.createDirectories(root.resolve("good_pkg/lib")).resolve("dep.jar");
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(lib))) {
        zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
        byte[] line = new byte[64 << 10];
        Arrays.fill(line, (byte) 'x');
        for (int i = 0; i < (JarLimits.MAX_METADATA_BYTES / line.length) + 2; i++) {
          zip.write(line);
        }
        zip.closeEntry();
      }
      ExecutorError error = failure(GoodPackage.NAME);
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains("dep.jar"), error.message());
      assertTrue(error.message().contains("MANIFEST.MF"), error.message());
    }

    @Test
    void aClassFileDeclaringAHugeSizeIsAnInvalidLibrary() throws IOException {
      Path jar = Files.createDirectories(root.resolve("p")).resolve("p.jar");
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
        ZipEntry entry = new ZipEntry("Huge.class");
        entry.setMethod(ZipEntry.STORED);
        byte[] content = new byte[0];
        entry.setSize(content.length);
        entry.setCompressedSize(content.length);
        entry.setCrc(0);
        zip.putNextEntry(entry);
        zip.closeEntry();
      }
      // The declared size is only what the central directory says: rewrite it there.
      byte[] bytes = Files.readAllBytes(jar);
      int cen = lastIndexOf(bytes, new byte[] {0x50, 0x4b, 0x01, 0x02});
      long huge = JarLimits.MAX_CLASS_BYTES + 1;
      for (int i = 0; i < 4; i++) {
        bytes[cen + 24 + i] = (byte) (huge >>> (8 * i));
      }
      Files.write(jar, bytes);
      ExecutorError error = failure("p");
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains("Huge.class"), error.message());
    }

    @Test
    void aZipWithoutAnyManifestIsAnInvalidLibrary() throws IOException {
      Path jar = Files.createDirectories(root.resolve("p")).resolve("p.jar");
      try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar))) {
        zip.putNextEntry(new ZipEntry("readme.txt"));
        zip.write("hello".getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      ExecutorError error = failure("p");
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains("Spider-Tdl-Version"), error.message());
    }

    @Test
    void anUnparsableVersionIsAnInvalidLibrary() {
      fixture(GoodPackage.class)
          .tdlVersion("zero.one")
          .write(root.resolve("good_pkg/good_pkg.jar"));
      ExecutorError error = failure(GoodPackage.NAME);
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains("zero.one"), error.message());
    }

    @Test
    void anotherMinorVersionIsIncompatible() {
      fixture(GoodPackage.class).tdlVersion("0.2.0").write(root.resolve("good_pkg/good_pkg.jar"));
      ExecutorError error = failure(GoodPackage.NAME);
      assertEquals(ErrorKind.INCOMPATIBLE_VERSION, error.kind());
      assertTrue(error.message().contains("0.2.0"), error.message());
      assertTrue(error.message().contains(Version.CURRENT.toString()), error.message());
      assertEquals(0, Shared.counter("good_pkg.init").get());
    }

    @Test
    void anotherMajorVersionIsIncompatible() {
      fixture(GoodPackage.class).tdlVersion("1.1.0").write(root.resolve("good_pkg/good_pkg.jar"));
      assertEquals(ErrorKind.INCOMPATIBLE_VERSION, failure(GoodPackage.NAME).kind());
    }

    @Test
    void anotherPatchVersionIsCompatible() throws Exception {
      fixture(GoodPackage.class).tdlVersion("0.1.5").write(root.resolve("good_pkg/good_pkg.jar"));
      LoadedPackage pkg = load(GoodPackage.NAME);
      assertEquals(new Version(0, 1, 5), pkg.describe().tdlVersion());
    }
  }

  @Nested
  final class TheProvider {

    @Test
    void noProviderIsAnInvalidLibrary() {
      TestJars.jar()
          .tdlVersion("0.1.0")
          .classes(GoodPackage.class, Shared.class)
          .write(root.resolve("good_pkg/good_pkg.jar"));
      ExecutorError error = failure(GoodPackage.NAME);
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(
          error.message().contains("META-INF/services/dev.spider.tdl.TaskPackage"),
          error.message());
    }

    @Test
    void aProviderClassMissingFromTheJarIsAnInvalidLibrary() {
      // GoodPackage is on the test's class path, but a package sees only its own JARs.
      TestJars.jar()
          .tdlVersion("0.1.0")
          .providers(GoodPackage.class.getName())
          .write(root.resolve("good_pkg/good_pkg.jar"));
      ExecutorError error = failure(GoodPackage.NAME);
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains(GoodPackage.class.getName()), error.message());
    }

    @Test
    void aProviderThatIsNotATaskPackageIsAnInvalidLibrary() {
      TestJars.jar()
          .tdlVersion("0.1.0")
          .classes(Shared.class)
          .providers(Shared.class.getName())
          .write(root.resolve("good_pkg/good_pkg.jar"));
      assertEquals(ErrorKind.INVALID_LIBRARY, failure(GoodPackage.NAME).kind());
    }

    @Test
    void twoProvidersAreADuplicatePackage() {
      fixture(GoodPackage.class, SecondPackage.class)
          .tdlVersion("0.1.0")
          .write(root.resolve("good_pkg/good_pkg.jar"));
      ExecutorError error = failure(GoodPackage.NAME);
      assertEquals(ErrorKind.DUPLICATE_PACKAGE, error.kind());
      assertTrue(error.message().contains(GoodPackage.class.getName()), error.message());
      assertTrue(error.message().contains(SecondPackage.class.getName()), error.message());
      assertEquals(0, Shared.counter("good_pkg.init").get());
    }

    @Test
    void aNameMismatchIsRefusedBeforeInit() {
      fixture(GoodPackage.class)
          .tdlVersion("0.1.0")
          .write(root.resolve("other_name/other_name.jar"));
      ExecutorError error = failure("other_name");
      assertEquals(ErrorKind.PACKAGE_NAME_MISMATCH, error.kind());
      assertTrue(error.message().contains("other_name"), error.message());
      assertTrue(error.message().contains("\"good_pkg\""), error.message());
      assertEquals(0, Shared.counter("good_pkg.init").get(), "init must not run");
    }

    @Test
    void aWronglyDeclaredTaskIsAnInvalidLibrary() {
      fixture(BadTaskPackage.class)
          .tdlVersion("0.1.0")
          .write(root.resolve("bad_task/bad_task.jar"));
      ExecutorError error = failure(BadTaskPackage.NAME);
      assertEquals(ErrorKind.INVALID_LIBRARY, error.kind());
      assertTrue(error.message().contains("TaskContext"), error.message());
    }

    @Test
    void aThrowingConstructorIsAPackageInitError() {
      fixture(ConstructorThrowsPackage.class)
          .tdlVersion("0.1.0")
          .write(root.resolve("constructor_throws/constructor_throws.jar"));
      ExecutorError error = failure(ConstructorThrowsPackage.NAME);
      assertEquals(ErrorKind.PACKAGE_INIT_ERROR, error.kind());
      assertTrue(error.message().contains("cannot construct"), error.message());
    }
  }

  @Nested
  final class TheInitHook {

    @Test
    void runsOnceWithThePackageLoaderAsContextLoader() throws Exception {
      fixture(GoodPackage.class).tdlVersion("0.1.0").write(root.resolve("good_pkg/good_pkg.jar"));
      ClassLoader before = Thread.currentThread().getContextClassLoader();

      load(GoodPackage.NAME);

      assertEquals(1, Shared.counter("good_pkg.init").get());
      Object ownLoader = Shared.ref("good_pkg.init.own_loader").get();
      assertInstanceOf(PackageClassLoader.class, ownLoader);
      assertSame(ownLoader, Shared.ref("good_pkg.init.context_loader").get());
      assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void aTdlErrorIsAPackageInitErrorCarryingIt() {
      fixture(InitTdlErrorPackage.class)
          .tdlVersion("0.1.0")
          .write(root.resolve("init_tdl_error/init_tdl_error.jar"));
      ClassLoader before = Thread.currentThread().getContextClassLoader();

      ExecutorFailure f = assertThrows(ExecutorFailure.class, () -> load(InitTdlErrorPackage.NAME));

      ExecutorError error = f.error();
      assertEquals(ErrorKind.PACKAGE_INIT_ERROR, error.kind());
      TdlError tdl = error.tdlError().orElseThrow();
      assertEquals(TdlError.Kind.CUSTOM, tdl.kind());
      assertEquals("database unreachable\nretry later", tdl.getMessage());
      assertTrue(
          error.message().contains("Custom: database unreachable retry later"), error.message());
      assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void aRuntimeExceptionIsAPackageInitError() {
      fixture(InitRuntimePackage.class)
          .tdlVersion("0.1.0")
          .write(root.resolve("init_runtime/init_runtime.jar"));

      ExecutorFailure f = assertThrows(ExecutorFailure.class, () -> load(InitRuntimePackage.NAME));

      assertEquals(ErrorKind.PACKAGE_INIT_ERROR, f.error().kind());
      assertTrue(f.error().tdlError().isEmpty());
      assertTrue(
          f.error().message().contains("IllegalStateException: config missing"),
          f.error().message());
      assertInstanceOf(IllegalStateException.class, f.getCause());
    }
  }

  @Nested
  final class ALoadedPackage {

    private LoadedPackage pkg;

    @BeforeEach
    void loadGoodPackage() throws Exception {
      fixture(GoodPackage.class).tdlVersion("0.1.0").write(root.resolve("good_pkg/good_pkg.jar"));
      pkg = load(GoodPackage.NAME);
    }

    @Test
    void describesItsTasksSorted() {
      assertEquals(
          new PackageDescription(
              GoodPackage.NAME,
              PackageDescription.Kind.JAR,
              Version.CURRENT,
              List.of("add", "context_loader_is_package_loader", "echo", "fail", "job_id")),
          new PackageDescription(
              pkg.describe().name(),
              pkg.describe().kind(),
              pkg.describe().tdlVersion(),
              pkg.describe().tasks()));
    }

    @Test
    void describesEachTasksSignatureAsAJobFileSpellsIt() {
      PackageDescription d = pkg.describe();
      assertEquals(d.tasks(), List.copyOf(d.signatures().keySet()));
      assertEquals("(int64, int64) -> (int64)", d.signature("add").orElseThrow().toString());
      assertEquals("(string) -> (string)", d.signature("echo").orElseThrow().toString());
      assertEquals("() -> ()", d.signature("fail").orElseThrow().toString());
      assertEquals(
          "() -> (boolean)",
          d.signature("context_loader_is_package_loader").orElseThrow().toString());
    }

    @Test
    void runsTasks() throws Throwable {
      byte[] outputs =
          pkg.execute("echo", context(), inputs(TdlCodec.of(String.class).encode("héllo")));
      assertEquals("héllo", TdlCodec.of(String.class).decode(single(outputs)));

      byte[] sum =
          pkg.execute(
              "add",
              context(),
              inputs(TdlCodec.of(Long.class).encode(40L), TdlCodec.of(Long.class).encode(2L)));
      assertEquals(42L, TdlCodec.of(Long.class).decode(single(sum)));
    }

    @Test
    void theTaskSeesItsContext() throws Throwable {
      byte[] rawContext = TaskContext.of(-1L, TaskId.index(3), 1, 2).encode();
      byte[] outputs = pkg.execute("job_id", rawContext, WireFormat.empty());
      assertEquals(-1L, TdlCodec.of(Long.class).decode(single(outputs)));
    }

    @Test
    void anUnknownTaskIsTaskNotFound() {
      TdlError e =
          assertThrows(TdlError.class, () -> pkg.execute("nope", context(), WireFormat.empty()));
      assertEquals(TdlError.Kind.TASK_NOT_FOUND, e.kind());
      assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    @Test
    void aMalformedContextIsADeserializationError() throws Exception {
      byte[][] contexts = {
        new byte[0],
        {(byte) 0xc1},
        {(byte) 0x92, 0x01, 0x02},
        {(byte) 0x95, 0x01},
        concat(context(), (byte) 0xc0),
      };
      for (byte[] rawContext : contexts) {
        TdlError e =
            assertThrows(
                TdlError.class,
                () ->
                    pkg.execute("echo", rawContext, inputs(TdlCodec.of(String.class).encode("x"))));
        assertEquals(TdlError.Kind.DESERIALIZATION_ERROR, e.kind(), e.getMessage());
        assertTrue(e.getMessage().contains("task context"), e.getMessage());
      }
    }

    @Test
    void malformedInputsAreADeserializationError() {
      TdlError e =
          assertThrows(TdlError.class, () -> pkg.execute("echo", context(), WireFormat.empty()));
      assertEquals(TdlError.Kind.DESERIALIZATION_ERROR, e.kind());
    }

    @Test
    void theTasksOwnTdlErrorPassesThrough() {
      TdlError e =
          assertThrows(TdlError.class, () -> pkg.execute("fail", context(), WireFormat.empty()));
      assertEquals(TdlError.Kind.CUSTOM, e.kind());
      assertEquals("failed on purpose", e.getMessage());
    }

    @Test
    void theContextLoaderDuringATaskIsThePackageLoaderAndIsRestoredAfter() throws Throwable {
      ClassLoader before = Thread.currentThread().getContextClassLoader();

      byte[] outputs =
          pkg.execute("context_loader_is_package_loader", context(), WireFormat.empty());

      assertEquals(Boolean.TRUE, TdlCodec.of(Boolean.class).decode(single(outputs)));
      assertSame(before, Thread.currentThread().getContextClassLoader());
      assertThrows(TdlError.class, () -> pkg.execute("fail", context(), WireFormat.empty()));
      assertSame(before, Thread.currentThread().getContextClassLoader());
    }

    @Test
    void thePackageClassComesFromItsOwnJar() {
      Object ownLoader = Shared.ref("good_pkg.init.own_loader").get();
      assertNotNull(ownLoader);
      assertTrue(
          ((PackageClassLoader) ownLoader)
              .getURLs()[0]
              .toString()
              .endsWith("good_pkg/good_pkg.jar"));
    }
  }

  private TestJars.Builder fixture(Class<?>... providers) {
    List<Class<?>> classes = new ArrayList<>(List.of(providers));
    classes.add(Shared.class);
    return TestJars.jar()
        .classes(classes.toArray(Class<?>[]::new))
        .providers(TestJars.names(providers));
  }

  private LoadedPackage load(String name) throws Exception {
    PackageLocation location = PackageDirectory.open(root).locate(PackageName.parse(name));
    LoadedPackage pkg = loader.load(location);
    loaded.add(pkg);
    return pkg;
  }

  private ExecutorError failure(String name) {
    return assertThrows(ExecutorFailure.class, () -> load(name)).error();
  }

  private static byte[] context() throws TdlError {
    return TaskContext.of(7, TaskId.index(0), 1, 2).encode();
  }

  private static byte[] inputs(byte[]... payloads) {
    return WireFormat.encode(List.of(payloads));
  }

  private static byte[] single(byte[] outputs) throws Exception {
    List<byte[]> payloads = WireFormat.decode(outputs);
    assertEquals(1, payloads.size());
    return payloads.get(0);
  }

  private static int lastIndexOf(byte[] haystack, byte[] needle) {
    for (int i = haystack.length - needle.length; i >= 0; i--) {
      if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
        return i;
      }
    }
    throw new AssertionError("not found");
  }

  private static byte[] concat(byte[] a, byte b) {
    byte[] out = Arrays.copyOf(a, a.length + 1);
    out[a.length] = b;
    return out;
  }
}
