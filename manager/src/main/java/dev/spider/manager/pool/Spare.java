package dev.spider.manager.pool;

import java.util.Objects;

/**
 * A warm spare executor (docs/process-pool.md, "The spare"): past its Hello, with the packages it
 * loaded recorded as they were on disk before it loaded them, so a redeployment since makes it
 * stale. The record is immutable; its executor and watch are confined to one thread at a time, as
 * {@link SpareKeeper} hands the spare on.
 *
 * @param executor the spare's executor, READY between loads
 * @param preloaded the packages it loaded, with their stamps
 */
record Spare(ExecutorHandle executor, PackageWatch preloaded) {
  Spare {
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(preloaded, "preloaded");
  }
}
