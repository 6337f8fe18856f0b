package dev.spider.executor.packages;

import dev.spider.protocol.ExecutorFailure;
import dev.spider.protocol.PackageDescription;

/**
 * A package loaded into this executor: the name check passed and its init hook succeeded. Used by
 * one thread at a time (the executor's task thread).
 */
public sealed interface LoadedPackage extends AutoCloseable
    permits JarTaskPackage, NativeTaskPackage {

  PackageDescription describe();

  /**
   * Runs one task.
   *
   * @return the task outputs in wire format
   * @throws dev.spider.tdl.TdlError the task's own error, including TaskNotFound and
   *     DeserializationError for a bad context or inputs
   * @throws ExecutorFailure a failure outside the task's control (e.g. an undecodable native error
   *     payload)
   * @throws Throwable anything else a Java task threw, unwrapped
   */
  byte[] execute(String taskName, byte[] rawContext, byte[] rawInputs) throws Throwable;

  @Override
  void close();
}
