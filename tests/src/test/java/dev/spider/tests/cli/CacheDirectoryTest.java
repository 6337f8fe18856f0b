package dev.spider.tests.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tests.TestEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tests never write into the user's cache directory: tests/pom.xml points {@code
 * SPIDER_CACHE_DIR} of every test JVM, and so of every process it starts, into the build directory,
 * and {@code spider.jar} unpacks its executor there (docs/cli.md).
 */
class CacheDirectoryTest {

  @TempDir Path work;

  @Test
  void spiderJarUnpacksIntoTheTestsCacheDirectory() throws Exception {
    String configured = System.getenv("SPIDER_CACHE_DIR");
    assertNotNull(configured, "tests/pom.xml sets SPIDER_CACHE_DIR for every test JVM");
    Path cache = Path.of(configured).toAbsolutePath();
    assertTrue(cache.toString().contains("/target/"), cache + " is under the build directory");

    // Without --executor-jar or SPIDER_EXECUTOR_JAR, exec unpacks the executor spider.jar bundles.
    Cli run =
        SpiderCommand.jar(
            work,
            Map.of("SPIDER_EXECUTOR_JAR", ""),
            "exec",
            "--packages",
            TestEnvironment.packagesDir().toString(),
            "integration_test_tasks",
            "fibonacci",
            "3");
    assertEquals(Cli.SUCCEEDED, run.status(), run::toString);
    try (Stream<Path> entries = Files.list(cache)) {
      assertTrue(
          entries.anyMatch(p -> p.getFileName().toString().startsWith("spider-executor-jar-")),
          "the executor is unpacked under " + cache);
    }
  }
}
