package dev.spider.executor.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.executor.packages.fixtures.GoodPackage;
import dev.spider.executor.packages.fixtures.Shared;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class PackageClassLoaderTest {

  private static final String RESOURCE_ON_BOTH = "simplelogger.properties";

  @TempDir Path dir;

  private Path packageJar;
  private Path libJar;
  private PackageClassLoader loader;

  @BeforeEach
  void buildJars() throws IOException {
    packageJar =
        TestJars.jar()
            .classes(GoodPackage.class, Shared.class)
            // Same names as classes on the executor's class path and in the TDL API.
            .emptyInterface("org.msgpack.core.MessagePack")
            .emptyInterface("dev.spider.tdl.TaskPackage")
            .emptyInterface("dev.spider.tdl.OnlyInThePackageJar")
            .emptyInterface("java.util.OnlyInThePackageJar")
            .emptyInterface("com.example.Both")
            .entry(RESOURCE_ON_BOTH, "from=package-jar\n")
            .write(dir.resolve("good_pkg/good_pkg.jar"));
    libJar =
        TestJars.jar()
            .emptyInterface("com.example.Both")
            .emptyInterface("com.example.OnlyInLib")
            .entry(RESOURCE_ON_BOTH, "from=lib-jar\n")
            .write(dir.resolve("good_pkg/lib/dep.jar"));
    loader =
        new PackageClassLoader(
            "good_pkg", List.of(url(packageJar), url(libJar)), TaskPackage.class.getClassLoader());
  }

  @AfterEach
  void close() throws IOException {
    loader.close();
  }

  @Test
  void aClassInTheJarComesFromTheJarEvenWhenTheClassPathHasIt() throws Exception {
    Class<?> fake = loader.loadClass("org.msgpack.core.MessagePack");
    assertSame(loader, fake.getClassLoader());
    assertNotSame(org.msgpack.core.MessagePack.class, fake);
    assertTrue(fake.isInterface(), "the generated interface, not msgpack-core's class");

    Class<?> shared = Class.forName(Shared.class.getName(), false, loader);
    assertSame(loader, shared.getClassLoader());
    assertNotSame(Shared.class, shared);
  }

  @Test
  void thePackageJarComesBeforeItsLibraries() throws Exception {
    assertEquals(url(packageJar), codeSource(loader.loadClass("com.example.Both")));
    assertEquals(url(libJar), codeSource(loader.loadClass("com.example.OnlyInLib")));
  }

  @Test
  void tdlApiClassesComeFromTheApiLoader() throws Exception {
    assertSame(TaskPackage.class, loader.loadClass("dev.spider.tdl.TaskPackage"));
    assertSame(TaskContext.class, loader.loadClass("dev.spider.tdl.TaskContext"));
    assertSame(
        dev.spider.tdl.binding.PackageBinding.class,
        loader.loadClass("dev.spider.tdl.binding.PackageBinding"));
    // The API namespace belongs to the API: the package JAR is not searched for it.
    assertThrows(
        ClassNotFoundException.class, () -> loader.loadClass("dev.spider.tdl.OnlyInThePackageJar"));
  }

  @Test
  void aPackageClassFromTheJarImplementsTheSharedApi() throws Exception {
    Class<?> copy = loader.loadClass(GoodPackage.class.getName());
    assertSame(loader, copy.getClassLoader());
    assertTrue(TaskPackage.class.isAssignableFrom(copy));
    TaskPackage instance = (TaskPackage) copy.getConstructor().newInstance();
    assertEquals(GoodPackage.NAME, instance.name());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "org.msgpack.core.MessageUnpacker",
        "org.slf4j.LoggerFactory",
        "org.junit.jupiter.api.Test",
        "com.sun.jna.Native",
        "dev.spider.executor.packages.PackageClassLoader",
        "dev.spider.protocol.ProtocolCodec",
      })
  void theExecutorsClassPathIsInvisible(String name) throws Exception {
    // The test itself can see each of them...
    Class.forName(name, false, PackageClassLoaderTest.class.getClassLoader());
    // ...the package cannot.
    assertThrows(ClassNotFoundException.class, () -> loader.loadClass(name));
    assertThrows(ClassNotFoundException.class, () -> Class.forName(name, false, loader));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "java.lang.String",
        "java.util.List",
        "java.sql.Connection",
        "javax.sql.DataSource",
        "java.net.http.HttpClient",
        "javax.xml.parsers.DocumentBuilderFactory"
      })
  void jdkClassesAreTheJdksOwn(String name) throws Exception {
    assertSame(Class.forName(name), loader.loadClass(name));
  }

  @Test
  void javaClassesAreNeverDefinedFromTheJar() {
    assertThrows(
        ClassNotFoundException.class, () -> loader.loadClass("java.util.OnlyInThePackageJar"));
  }

  @Test
  void jdkPackagesOutsideJavaStarAreParentFirstToo() throws Exception {
    // A package bundling an old API jar (stax-api, xml-apis, jdbc stubs...) must not shadow the
    // JDK's own copy, or JDK code and package code disagree about the type.
    Path jar =
        TestJars.jar()
            .emptyInterface("javax.sql.DataSource")
            .emptyInterface("javax.xml.stream.XMLInputFactory")
            .write(dir.resolve("shadowing.jar"));
    try (PackageClassLoader shadowing =
        new PackageClassLoader(
            "shadowing", List.of(url(jar)), TaskPackage.class.getClassLoader())) {
      assertSame(javax.sql.DataSource.class, shadowing.loadClass("javax.sql.DataSource"));
      assertSame(
          javax.xml.stream.XMLInputFactory.class,
          shadowing.loadClass("javax.xml.stream.XMLInputFactory"));
    }
  }

  @Test
  void resourcesComeFromTheJarFirst() throws Exception {
    URL url = loader.getResource(RESOURCE_ON_BOTH);
    assertNotNull(url);
    assertEquals("from=package-jar\n", read(url));
    try (InputStream in = loader.getResourceAsStream(RESOURCE_ON_BOTH)) {
      assertEquals("from=package-jar\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
    List<URL> all = Collections.list(loader.getResources(RESOURCE_ON_BOTH));
    assertEquals(2, all.size(), all.toString());
    assertEquals("from=package-jar\n", read(all.get(0)));
    assertEquals("from=lib-jar\n", read(all.get(1)));
  }

  @Test
  void resourcesOfTheExecutorClassPathAreInvisibleAndTheJdksVisible() throws Exception {
    String executorOnly = "META-INF/services/java.lang.System$LoggerFinder";
    assertNotNull(PackageClassLoaderTest.class.getClassLoader().getResource(executorOnly));
    assertNull(loader.getResource(executorOnly));
    assertTrue(Collections.list(loader.getResources(executorOnly)).isEmpty());
    assertNotNull(loader.getResource("java/sql/Connection.class"));
  }

  @Test
  void afterCloseEveryLookupNamesThePackage() throws Exception {
    Class<?> before = loader.loadClass("com.example.Both");
    loader.close();

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> loader.loadClass("com.example.Both"));
    assertTrue(e.getMessage().contains("good_pkg"), e.getMessage());
    assertTrue(e.getMessage().contains("com.example.Both"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> loader.loadClass("java.lang.String"));
    assertThrows(
        IllegalStateException.class, () -> Class.forName("com.example.OnlyInLib", false, loader));
    assertThrows(IllegalStateException.class, () -> loader.getResource(RESOURCE_ON_BOTH));
    assertThrows(IllegalStateException.class, () -> loader.getResources(RESOURCE_ON_BOTH));
    assertSame(loader, before.getClassLoader());
  }

  @Test
  void isParallelCapableAndNamedAfterThePackage() {
    assertTrue(loader.isRegisteredAsParallelCapable());
    assertEquals("package:good_pkg", loader.getName());
  }

  private static URL url(Path path) {
    try {
      return path.toUri().toURL();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private static URL codeSource(Class<?> c) {
    return c.getProtectionDomain().getCodeSource().getLocation();
  }

  private static String read(URL url) throws IOException {
    var connection = url.openConnection();
    connection.setUseCaches(false);
    try (InputStream in = connection.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
