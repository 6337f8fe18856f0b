package dev.spider.cli;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.PoolException;
import dev.spider.protocol.PackageName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code spider package JAR}: checks a built JAR package the way an executor loads it, then deploys
 * it into a package directory (docs/writing-a-task-package.md, "Deploying with spider package").
 * The check is a real executor's Describe of the JAR staged under a name no request can reach
 * ({@code .spider-package-*} inside the package directory: a leading dot is not a valid package
 * name), so the executor's own rules decide — service file, {@code Spider-Tdl-Version}, declared
 * name, task signatures, init hook — and nothing of the package runs in this JVM. Only a JAR that
 * passes is deployed, by an atomic rename within the package's directory, so a running manager
 * never sees a half-written file (docs/writing-a-task-package.md, "Updating a deployed package").
 *
 * <p>Not thread-safe: picocli fills its fields, then calls it once.
 */
@Command(
    name = "package",
    description = {
      "Check a built JAR task package with a real executor, then deploy it into a package"
          + " directory as NAME/NAME.jar.",
      "NAME is --name, else the JAR's file name without .jar; it must be the name the package"
          + " declares. Exit status: 0 deployed, 1 the JAR is not a loadable package, 2 usage."
    })
final class PackageCommand implements Callable<Integer> {

  private static final String STAGING_PREFIX = ".spider-package-";

  @Option(
      names = "--packages",
      paramLabel = "DIR",
      description = "the package directory to deploy into (default: $SPIDER_TDL_PACKAGE_DIR)")
  Path packages;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "the package name (default: the JAR's file name without .jar)")
  String name;

  @Mixin CommonOptions common;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JAR", description = "the built package JAR")
  Path jar;

  @Override
  public Integer call() throws UsageException, PoolException, InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Path dir = CommonOptions.packageDir(packages);
    if (!Files.isRegularFile(jar)) {
      throw new UsageException(jar + " is not a file: give the JAR your build wrote");
    }
    String packageName = packageName();
    Path deployed = dir.resolve(packageName).resolve(packageName + ".jar");
    if (Files.exists(dir.resolve(packageName).resolve("lib" + packageName + ".so"))) {
      throw new UsageException(
          dir.resolve(packageName)
              + " holds the native package lib"
              + packageName
              + ".so; a directory holds one package: remove it first");
    }
    Path staging = stage(dir, packageName, dir.resolve(packageName).resolve("lib"));
    try {
      PackageLookup.Found found;
      try (ExecutorPool pool = ExecutorPool.start(common.pool(staging).size(1).spares(0).build())) {
        found = PackageLookup.describe(pool, packageName);
      }
      if (!(found instanceof PackageLookup.Found.Described described)) {
        err.println("spider: " + jar + " cannot be deployed as " + packageName + ": " + why(found));
        return ExitStatus.FAILED;
      }
      deploy(staging.resolve(packageName).resolve(packageName + ".jar"), deployed);
      out.println(
          "deployed "
              + packageName
              + " into "
              + deployed
              + " (tasks: "
              + String.join(", ", described.description().tasks())
              + ")");
      return ExitStatus.OK;
    } finally {
      deleteStaging(staging, err);
    }
  }

  private String packageName() throws UsageException {
    String fileName = jar.getFileName().toString();
    String chosen =
        name != null
            ? name
            : fileName.endsWith(".jar")
                ? fileName.substring(0, fileName.length() - ".jar".length())
                : fileName;
    if (!PackageName.isValid(chosen)) {
      throw new UsageException(
          "'"
              + chosen
              + "' is not a package name (1-128 of [A-Za-z0-9_-]): pass --name NAME, the name the"
              + " package's name() returns");
    }
    return chosen;
  }

  private static String why(PackageLookup.Found found) {
    if (found instanceof PackageLookup.Found.Broken broken) {
      return broken.problem()
          + broken
              .declaredName()
              .map(d -> " (it declares the name '" + d + "': pass --name " + d + ")")
              .orElse("");
    }
    if (found instanceof PackageLookup.Found.Missing missing) {
      return missing.problem();
    }
    throw new IllegalStateException("not a failure: " + found);
  }

  /**
   * The JAR copied into a fresh staging package directory inside {@code dir}, with the deployed
   * package's {@code lib/} JARs, which the deployed JAR will load with: the check sees what
   * executors will see after the deployment (which replaces the JAR and keeps {@code lib/}).
   */
  private Path stage(Path dir, String packageName, Path deployedLib) throws UsageException {
    try {
      Path staging = Files.createTempDirectory(dir, STAGING_PREFIX);
      Path packageDir = Files.createDirectory(staging.resolve(packageName));
      Files.copy(jar, packageDir.resolve(packageName + ".jar"));
      if (Files.isDirectory(deployedLib)) {
        Path lib = Files.createDirectory(packageDir.resolve("lib"));
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(deployedLib, "*.jar")) {
          for (Path library : jars) {
            Files.copy(library, lib.resolve(library.getFileName()));
          }
        }
      }
      return staging;
    } catch (IOException e) {
      throw new UsageException("cannot stage " + jar + " in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Renames the checked JAR into place: copied next to its final name first (a rename is atomic
   * only within one file system), under a dot name no executor loads, then renamed over it.
   */
  private static void deploy(Path checked, Path deployed) throws UsageException {
    Path temporary = deployed.resolveSibling("." + deployed.getFileName() + ".tmp");
    try {
      Files.createDirectories(deployed.getParent());
      Files.copy(checked, temporary, StandardCopyOption.REPLACE_EXISTING);
      Files.move(
          temporary, deployed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      try {
        Files.deleteIfExists(temporary);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw new UsageException("cannot deploy into " + deployed + ": " + e.getMessage(), e);
    }
  }

  private static void deleteStaging(Path staging, PrintWriter err) {
    try {
      // ALLOW_INSECURE: the staging directory is ours, made by createTempDirectory.
      MoreFiles.deleteRecursively(staging, RecursiveDeleteOption.ALLOW_INSECURE);
    } catch (IOException e) {
      err.println("spider: warning: cannot remove the staging directory " + staging + ": " + e);
    }
  }
}
