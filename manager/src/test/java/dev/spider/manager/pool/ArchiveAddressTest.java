package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ArchiveAddressTest {

  private static final long GIB = 1L << 30;

  @Test
  void basesAre32GibAlignedBetween64GibAnd64Tib() {
    SplittableRandom random = new SplittableRandom(1);
    Set<Long> bases = new HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      long base = ArchiveAddress.random(random);
      assertEquals(0, base % (32 * GIB), () -> Long.toHexString(base));
      assertTrue(base >= 64 * GIB, () -> Long.toHexString(base));
      // The archive and the 1 GiB class space after it stay below 64 TiB.
      assertTrue(base + 2 * GIB <= 64L << 40, () -> Long.toHexString(base));
      bases.add(base);
    }
    // 2,046 bases: 1,000 uniform draws give about 790 distinct ones.
    assertTrue(bases.size() > 700, () -> "only " + bases.size() + " distinct bases of 1,000");
  }

  @Test
  void theLowestAndHighestDrawsAreTheEndsOfTheRange() {
    assertEquals(64 * GIB, ArchiveAddress.random(fixed(0)));
    long slots = ((64L << 40) - 64 * GIB) / (32 * GIB);
    assertEquals((64L << 40) - 32 * GIB, ArchiveAddress.random(fixed(slots - 1)));
  }

  @Test
  void theDumpOptionWritesTheBaseInHex() {
    assertEquals("-XX:SharedBaseAddress=0x1000000000", ArchiveAddress.dumpOption(64 * GIB));
  }

  /** A generator whose bounded draws all give {@code value}. */
  private static RandomGenerator fixed(long value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("only bounded draws");
      }

      @Override
      public long nextLong(long bound) {
        assertTrue(value < bound, () -> value + " is not below " + bound);
        return value;
      }
    };
  }
}
