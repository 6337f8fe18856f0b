package dev.spider.cli.jobfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The limits of docs/job-files.md ("Limits"): a file too large, values nested too deep and types
 * nested too deep are each one {@link JobFileException} naming the limit, never a stack overflow or
 * an exhausted heap.
 */
final class JobFileLimitsTest {

  private static String job(String type, String value) {
    return "{\"tasks\": [{\"id\": \"a\", \"package\": \"p\", \"task\": \"t\", \"inputs\":"
        + " [{\"type\": \""
        + type
        + "\", \"value\": "
        + value
        + "}]}]}";
  }

  private static String nested(String open, String inner, String close, int depth) {
    return open.repeat(depth) + inner + close.repeat(depth);
  }

  @Test
  void aTypeNestedTwoThousandDeepIsOneLineNamingTheLimit() {
    String type = nested("list<", "int64", ">", 2000);
    JobFileException e =
        assertThrows(JobFileException.class, () -> JobFiles.parse("deep.json", job(type, "[]")));
    assertTrue(e.problem().contains("nests 2000 types deep"), e.getMessage());
    assertTrue(e.problem().contains(String.valueOf(JobFileReader.MAX_TYPE_DEPTH)), e.getMessage());
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void aTypeAtTheLimitIsRead() throws Exception {
    int depth = JobFileReader.MAX_TYPE_DEPTH;
    String type = nested("list<", "int64", ">", depth);
    // The value nests one level less than the JSON limit allows, so only the type is at a limit.
    JobFiles.parse("ok.json", job(type, nested("[", "", "]", 1)));
  }

  @Test
  void valuesNestedTooDeepAreRefusedWithTheirPlace() {
    String value = nested("[", "", "]", 5000);
    JobFileException e =
        assertThrows(
            JobFileException.class, () -> JobFiles.parse("deep.json", job("list<int64>", value)));
    assertTrue(
        e.problem().contains("nested deeper than " + LocatedJson.MAX_DEPTH + " levels"),
        e.getMessage());
    assertEquals(1, e.line());
    assertTrue(e.column() > 1, e.getMessage());
  }

  @Test
  void aFileLargerThanTheLimitIsRefusedBeforeParsing(@TempDir Path dir) throws IOException {
    Path big = dir.resolve("big.json");
    byte[] chunk = new byte[1024 * 1024];
    try (OutputStream out = Files.newOutputStream(big)) {
      for (int i = 0; i <= JobFiles.MAX_BYTES / chunk.length; i++) {
        out.write(chunk);
      }
    }
    JobFileException e = assertThrows(JobFileException.class, () -> JobFiles.parse(big));
    assertTrue(e.problem().startsWith("larger than the limit of 16 MiB"), e.getMessage());
  }

  @Test
  void anEndlessDeviceIsReadOnlyUpToTheLimit() {
    Path zero = Path.of("/dev/zero");
    assertTrue(Files.exists(zero), "the test needs /dev/zero");
    JobFileException e = assertThrows(JobFileException.class, () -> JobFiles.parse(zero));
    assertTrue(e.problem().startsWith("larger than the limit"), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }
}
