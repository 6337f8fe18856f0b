package dev.spider.tests;

/**
 * The staged sample packages (sample-tasks, unpacked under {@link TestEnvironment#packagesDir()}),
 * named by the role they play in the tests, and the values their tasks are built around.
 *
 * <p>Constants only; thread-safe.
 */
public final class SamplePackages {

  /** The JAR package with a task for every row of the crash and timeout matrix. */
  public static final String JAR_TASKS = "integration_test_tasks";

  /**
   * The JAR package whose tasks attack their executor's process (stdin, streams, exit, the protocol
   * pipe, children): {@code dev.spider.samples.hostile.HostileTasks}.
   */
  public static final String HOSTILE_TASKS = "hostile_tasks";

  /** The native package with the same rows, through the C ABI (docs/native-abi.md). */
  public static final String NATIVE_TASKS = "native_test_tasks";

  /** A native package without a free-result function: its outputs are released with free(). */
  public static final String NATIVE_TASKS_WITHOUT_FREE = "native_nofree_tasks";

  /** Probes which classes a package's class loader can see. */
  public static final String ISOLATION_PROBE = "isolation_probe";

  /** Bundles {@link #OLDER_LIBRARY}, which conflicts with {@link #NEWER_LIBRARY_BUNDLE}'s. */
  public static final String OLDER_LIBRARY_BUNDLE = "isolation_v1";

  /** Bundles {@link #NEWER_LIBRARY}, which conflicts with {@link #OLDER_LIBRARY_BUNDLE}'s. */
  public static final String NEWER_LIBRARY_BUNDLE = "isolation_v2";

  /** The library jar {@link #OLDER_LIBRARY_BUNDLE} bundles (the executor runs msgpack 0.9.10). */
  public static final String OLDER_LIBRARY = "msgpack-core-0.8.24.jar";

  /** The library jar {@link #NEWER_LIBRARY_BUNDLE} bundles. */
  public static final String NEWER_LIBRARY = "msgpack-core-0.9.8.jar";

  /** Set to any value, makes the init hooks of both task packages fail. */
  public static final String INIT_SHOULD_FAIL_ENV = "SPIDER_TEST_TDL_INIT_SHOULD_FAIL";

  /**
   * The status the JAR package's {@code exit_three} and {@code crash_once} pass to System.exit: a
   * task's own choice, which only happens to equal an executor status.
   */
  public static final int TASK_EXIT_STATUS = 3;

  /**
   * The status of an executor killed by SIGABRT, as Java reports death by a signal (128 + 6, see
   * docs/process-pool.md, "Crashes and replacement"): what the native {@code abort_process} and
   * {@code segfault} end with (HotSpot aborts after writing its crash log), and what the JAR
   * package's {@code halt_134} imitates.
   */
  public static final int ABORTED_STATUS = 128 + 6;

  private SamplePackages() {}
}
