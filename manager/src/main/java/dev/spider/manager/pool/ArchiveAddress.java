package dev.spider.manager.pool;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Where executors map their class-data archive (docs/process-pool.md, "Spawning", "Where it is
 * mapped"). This JDK maps an archive at an address of the kernel's choosing, new in every process,
 * and then patches every pointer in it ({@code ArchiveRelocationMode=1}): 2-4 ms of an executor's
 * ~30 ms start, in proportion to the archive's size. Each archive is instead dumped for a base
 * address drawn at random when it is built ({@link #random}), and executors map it there without
 * patching anything ({@link #MAP_AT_BASE}); where that address is taken, the JVM relocates as
 * before. The archive's address is thus random per build, the same in every executor of one
 * archive, instead of random per process.
 *
 * <p>Stateless.
 */
final class ArchiveAddress {

  /**
   * The lowest base: 64 GiB, above the heap of compressed object pointers (below 32 GiB with the
   * default object alignment) and the JDK's own default base (32 GiB).
   */
  static final long LOWEST = 64L << 30;

  /**
   * Bases lie below 64 TiB: under where Linux places position-independent executables and the
   * mapping area (about 85 TiB and up, on 47-bit address spaces), with room for the archive and the
   * 1 GiB class space that follows it. A system whose address space is smaller only relocates.
   */
  static final long HIGHEST = 64L << 40;

  /**
   * 32 GiB: above 32 GiB, aarch64 encodes compressed class pointers only from a base aligned so
   * (x86_64 takes any); a dump given another base there falls back to the JDK's default one, the
   * same in every installation, which {@link ArchiveTraining} refuses. 2,046 bases, 11 bits.
   */
  static final long ALIGNMENT = 32L << 30;

  /**
   * The executors' options that map the archive at its base; the flag is a diagnostic one, so it is
   * unlocked first. The extra JVM options {@code -XX:+UnlockDiagnosticVMOptions
   * -XX:ArchiveRelocationMode=1}, which come later, restore relocation in every process.
   */
  static final List<String> MAP_AT_BASE =
      List.of("-XX:+UnlockDiagnosticVMOptions", "-XX:ArchiveRelocationMode=0");

  private ArchiveAddress() {}

  /** A base drawn uniformly from the {@link #ALIGNMENT}-aligned ones in [LOWEST, HIGHEST). */
  static long random(RandomGenerator random) {
    long slots = (HIGHEST - LOWEST) / ALIGNMENT;
    return LOWEST + random.nextLong(slots) * ALIGNMENT;
  }

  /** The dumping JVM's option that writes the archive for {@code base}. */
  static String dumpOption(long base) {
    return "-XX:SharedBaseAddress=0x" + Long.toHexString(base);
  }
}
