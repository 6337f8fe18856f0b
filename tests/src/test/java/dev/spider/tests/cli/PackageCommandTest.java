package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spider package JAR}, through the real jar: a JAR an executor loads is deployed as
 * NAME/NAME.jar and runs; one it refuses is not deployed, with the executor's reason; nothing of
 * the check is left behind (docs/writing-a-task-package.md, "Deploying with spider package").
 */
class PackageCommandTest {

  @TempDir Path work;

  private Path built(String packageName, Path source) throws Exception {
    Path build = Files.createDirectories(work.resolve("build"));
    return Files.copy(source, build.resolve(packageName + ".jar"));
  }

  private static Path sample(String name) {
    return TestEnvironment.packagesDir().resolve(name).resolve(name + ".jar");
  }

  private static Path broken(String name) {
    return TestEnvironment.brokenPackagesDir().resolve(name).resolve(name + ".jar");
  }

  private static List<String> entries(Path dir) throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aLoadablePackageIsDeployedAndRuns() throws Exception {
    Path packages = Files.createDirectories(work.resolve("packages"));
    Path jar = built("integration_test_tasks", sample("integration_test_tasks"));

    Cli deployed =
        SpiderCommand.jar(
            work, Map.of(), "package", "--packages", packages.toString(), jar.toString());
    assertEquals(Cli.SUCCEEDED, deployed.status(), deployed::toString);
    assertTrue(deployed.out().contains("deployed integration_test_tasks into"), deployed::toString);
    assertTrue(deployed.out().contains("fibonacci"), deployed::toString);
    assertEquals(List.of("integration_test_tasks"), entries(packages), "no staging left behind");
    assertEquals(
        List.of("integration_test_tasks.jar"), entries(packages.resolve("integration_test_tasks")));

    Cli run =
        SpiderCommand.jar(
            work,
            Map.of("SPIDER_TDL_PACKAGE_DIR", packages.toString()),
            "exec",
            "--packages",
            packages.toString(),
            "integration_test_tasks",
            "fibonacci",
            "10");
    assertEquals(Cli.SUCCEEDED, run.status(), run::toString);
    assertEquals("[55]", run.out().strip(), run::toString);
  }

  @Test
  void aJarNamedAfterAnotherPackageIsRefusedNamingTheDeclaredName() throws Exception {
    Path packages = Files.createDirectories(work.resolve("packages"));
    Path jar = built("greeting", sample("integration_test_tasks"));

    Cli refused =
        SpiderCommand.jar(
            work, Map.of("SPIDER_TDL_PACKAGE_DIR", packages.toString()), "package", jar.toString());
    assertEquals(Cli.FAILED, refused.status(), refused::toString);
    assertTrue(refused.err().contains("PackageNameMismatch"), refused::toString);
    assertTrue(refused.err().contains("pass --name integration_test_tasks"), refused::toString);
    assertEquals(List.of(), entries(packages), "nothing deployed, no staging left behind");
  }

  @Test
  void aJarWithoutItsTdlVersionIsRefusedWithTheExecutorsReason() throws Exception {
    Path packages = Files.createDirectories(work.resolve("packages"));
    Path jar = built("missing_tdl_version_jar", broken("missing_tdl_version_jar"));

    Cli refused =
        SpiderCommand.jar(
            work, Map.of(), "package", "--packages", packages.toString(), jar.toString());
    assertEquals(Cli.FAILED, refused.status(), refused::toString);
    assertTrue(refused.err().contains("Spider-Tdl-Version"), refused::toString);
    assertFalse(Files.exists(packages.resolve("missing_tdl_version_jar")), refused::toString);
  }

  @Test
  void aBadNameIsAUsageError() throws Exception {
    Path packages = Files.createDirectories(work.resolve("packages"));
    Path jar = built("integration_test_tasks", sample("integration_test_tasks"));
    Cli refused =
        SpiderCommand.jar(
            work,
            Map.of(),
            "package",
            "--packages",
            packages.toString(),
            "--name",
            "no.dots",
            jar.toString());
    assertEquals(Cli.USAGE, refused.status(), refused::toString);
    assertTrue(refused.err().contains("'no.dots' is not a package name"), refused::toString);
  }
}
