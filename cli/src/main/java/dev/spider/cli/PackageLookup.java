package dev.spider.cli;

import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.Outcome;
import dev.spider.manager.pool.PoolException;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import dev.spider.protocol.PackageDescription;
import dev.spider.protocol.PackageName;
import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.ProtocolException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks an executor what a package is (Describe), so no package code runs in the CLI's JVM, and
 * turns the answer into what the CLI tells a user: a description, a broken package with its reason
 * and, when the executor's message names it, the name the package declares; or a missing package
 * with the nearest existing name.
 *
 * <p>Stateless and thread-safe.
 */
final class PackageLookup {

  /** Long enough for a package's init hook; a package that takes longer is reported broken. */
  static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(60);

  /**
   * How the executor's name-mismatch messages quote the declared name (JarPackageLoader and the
   * native loader's NameCheck write {@code declares the name "x"} and {@code declares the name
   * 'x'}).
   */
  private static final Pattern DECLARED = Pattern.compile("declares the name [\"']([^\"']*)[\"']");

  private PackageLookup() {}

  /** What a package turned out to be. */
  sealed interface Found {

    /** The executor described it. */
    record Described(PackageDescription description) implements Found {}

    /**
     * It is there but cannot be loaded.
     *
     * @param problem one line: the executor's error kind and message
     * @param declaredName the name the package declares, when the executor told it
     * @param kind the executor's error kind, when it answered with one
     */
    record Broken(String problem, Optional<String> declaredName, Optional<ErrorKind> kind)
        implements Found {}

    /** The package directory has no such package. */
    record Missing(String problem) implements Found {}
  }

  static Found describe(ExecutorPool pool, String name) throws PoolException, InterruptedException {
    if (!PackageName.isValid(name)) {
      return new Found.Missing(
          "bad package name '" + name + "': a package name is 1-128 of [A-Za-z0-9_-]");
    }
    Outcome outcome = pool.describe(name, DESCRIBE_TIMEOUT);
    if (outcome instanceof Outcome.Success success) {
      try {
        return new Found.Described(ProtocolCodec.decodeDescription(success.outputs()));
      } catch (ProtocolException e) {
        return new Found.Broken(
            "the executor sent a malformed description: " + e.getMessage(),
            Optional.empty(),
            Optional.empty());
      }
    }
    String problem = OutcomeText.describe(outcome).replace("\n", " ").replaceFirst("^error: ", "");
    if (outcome instanceof Outcome.InTaskFailure failure) {
      ExecutorError error = failure.error();
      if (error.kind() == ErrorKind.PACKAGE_NOT_FOUND) {
        return new Found.Missing(problem);
      }
      return new Found.Broken(problem, declaredName(error), Optional.of(error.kind()));
    }
    return new Found.Broken(problem, Optional.empty(), Optional.empty());
  }

  /** The name a package declares, from a {@code PackageNameMismatch} message. */
  static Optional<String> declaredName(ExecutorError error) {
    if (error.kind() != ErrorKind.PACKAGE_NAME_MISMATCH) {
      return Optional.empty();
    }
    Matcher m = DECLARED.matcher(error.message());
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** The sub-directories of a package directory, sorted: the packages it may hold. */
  static List<String> packageNames(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
      entries.forEach(p -> names.add(p.getFileName().toString()));
    }
    names.sort(null);
    return names;
  }

  /** {@code "; did you mean 'x'?"} for the nearest of {@code known}, or {@code ""}. */
  static String didYouMean(String typed, Collection<String> known) {
    return NearestName.didYouMean(typed, known);
  }

  /** The known name nearest to a typed one, when it is near enough to be a typo. */
  static Optional<String> nearest(String typed, Collection<String> known) {
    return NearestName.among(typed, known);
  }
}
