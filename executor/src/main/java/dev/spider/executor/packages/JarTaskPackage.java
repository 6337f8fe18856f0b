package dev.spider.executor.packages;

import dev.spider.protocol.PackageDescription;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.Version;
import dev.spider.tdl.binding.BoundTask;
import dev.spider.tdl.binding.PackageBinding;
import dev.spider.tdl.binding.TaskSignature;
import dev.spider.tdl.codec.CodecException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded JAR package: its class loader and its bound tasks. While package code runs, the calling
 * thread's context class loader is the package's loader.
 */
public final class JarTaskPackage implements LoadedPackage {

  private static final Logger log = LoggerFactory.getLogger(JarTaskPackage.class);

  private final String name;
  private final Version tdlVersion;
  private final PackageBinding binding;
  private final PackageClassLoader loader;

  JarTaskPackage(
      String name, Version tdlVersion, PackageBinding binding, PackageClassLoader loader) {
    this.name = name;
    this.tdlVersion = tdlVersion;
    this.binding = binding;
    this.loader = loader;
  }

  @Override
  public PackageDescription describe() {
    Map<String, TaskSignature> signatures = new LinkedHashMap<>();
    for (String task : binding.taskNames()) {
      signatures.put(task, binding.task(task).orElseThrow().spelledSignature());
    }
    return new PackageDescription(
        name, PackageDescription.Kind.JAR, tdlVersion, binding.taskNames(), signatures);
  }

  @Override
  public byte[] execute(String taskName, byte[] rawContext, byte[] rawInputs) throws Throwable {
    Optional<BoundTask> task = binding.task(taskName);
    if (task.isEmpty()) {
      throw TdlError.taskNotFound(taskName);
    }
    TaskContext context;
    try {
      context = TaskContext.decode(rawContext);
    } catch (CodecException e) {
      throw new TdlError(TdlError.Kind.DESERIALIZATION_ERROR, "task context: " + e.getMessage(), e);
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    thread.setContextClassLoader(loader);
    try {
      return task.get().execute(context, rawInputs);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  @Override
  public void close() {
    try {
      loader.close();
    } catch (IOException e) {
      log.warn("closing the class loader of package {} failed: {}", name, e.toString());
    }
  }

  @Override
  public String toString() {
    return "JarTaskPackage[" + name + ", tdl " + tdlVersion + "]";
  }
}
