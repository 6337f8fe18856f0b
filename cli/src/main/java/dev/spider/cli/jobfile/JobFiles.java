package dev.spider.cli.jobfile;

import dev.spider.cli.job.JobSpec;
import dev.spider.tdl.internal.Utf8;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads job files: JSON documents describing a {@link JobSpec}, in the format of docs/job-files.md;
 * this class finds and decodes the text, {@link JobFileReader} reads it. Every problem is a {@link
 * JobFileException} naming the file, the line and column of the offending text, what is wrong and
 * how to fix it; unknown fields, duplicate keys and task ids, references to unknown tasks or to
 * outputs a task does not declare, cycles, unknown types and values not matching their type are all
 * refused.
 *
 * <p>Stateless and thread-safe.
 */
public final class JobFiles {

  /** The job files bundled for {@code spider demo}, in the order the demo runs them. */
  private static final List<String> BUNDLED = List.of("fanout.json", "failures.json");

  /** The largest job file read (docs/job-files.md, "Limits"). */
  public static final int MAX_BYTES = 16 * 1024 * 1024;

  private static final String BUNDLED_DIR = "/dev/spider/cli/jobs/";

  private JobFiles() {}

  /**
   * Reads a job file (UTF-8). The job's name, unless the file gives one, is the file name without
   * its {@code .json} extension.
   *
   * @throws JobFileException when the file cannot be read or is not a valid job; the message names
   *     {@code path} as given
   */
  public static JobSpec parse(Path path) throws JobFileException {
    String source = path.toString();
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      // Bounded whatever the path is: a FIFO or a device such as /dev/zero has no size to check
      // beforehand, and an unbounded read of one would exhaust the heap.
      bytes = in.readNBytes(MAX_BYTES + 1);
    } catch (NoSuchFileException e) {
      throw new JobFileException(source, 0, 0, "no such file; check the path");
    } catch (IOException e) {
      throw new JobFileException(source, 0, 0, "cannot read the file: " + e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new JobFileException(
          source,
          0,
          0,
          "larger than the limit of "
              + MAX_BYTES / (1024 * 1024)
              + " MiB for a job file; is it a job file? Large inputs belong in files the tasks"
              + " read, not in literals");
    }
    return parse(
        source,
        defaultName(path.getFileName() == null ? source : path.getFileName().toString()),
        bytes);
  }

  /**
   * Reads a job from JSON text.
   *
   * @param source what to call the text in messages, e.g. a file name
   * @param text the job file's content
   * @throws JobFileException when the text is not a valid job
   */
  public static JobSpec parse(String source, String text) throws JobFileException {
    return JobFileReader.read(source, defaultName(source), text);
  }

  /**
   * Reads one of the {@linkplain #BUNDLED bundled} job files from the class path; messages call it
   * {@code bundled:<fileName>}.
   *
   * @throws IllegalArgumentException when {@code fileName} is not bundled
   * @throws JobFileException when the bundled file is broken (a bug of the build)
   */
  public static JobSpec bundled(String fileName) throws JobFileException {
    if (!BUNDLED.contains(fileName)) {
      throw new IllegalArgumentException(
          "no bundled job file \"" + fileName + "\"; bundled: " + String.join(", ", BUNDLED));
    }
    String source = "bundled:" + fileName;
    try (InputStream in = JobFiles.class.getResourceAsStream(BUNDLED_DIR + fileName)) {
      if (in == null) {
        throw new JobFileException(source, 0, 0, "missing from the class path (a broken build)");
      }
      return parse(source, defaultName(fileName), in.readAllBytes());
    } catch (IOException e) {
      throw new JobFileException(source, 0, 0, "cannot read it from the class path: " + e);
    }
  }

  private static JobSpec parse(String source, String name, byte[] bytes) throws JobFileException {
    String text;
    try {
      text = Utf8.decode(bytes);
    } catch (CharacterCodingException e) {
      throw new JobFileException(source, 0, 0, "not UTF-8 text; save the job file as UTF-8");
    }
    return JobFileReader.read(source, name, text);
  }

  private static String defaultName(String fileName) {
    String base = fileName.substring(fileName.lastIndexOf('/') + 1);
    return base.endsWith(".json") ? base.substring(0, base.length() - 5) : base;
  }
}
