package dev.spider.manager.pool;

import dev.spider.protocol.PackageName;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The packages the pool ran tasks of lately, at most {@link #MAX} of them, which a spare loads
 * before it is needed (docs/process-pool.md, "The spare"). Bounded so that a pool serving many
 * packages does not make every spare load them all: the least recently used one is forgotten.
 *
 * <p>Thread-safe: {@link #touch} is on every task's path and costs one map update; the rare
 * insertion of a new name evicts under this object's lock.
 */
final class RecentPackages {

  /** How many packages a spare loads at most. */
  static final int MAX = 8;

  private final Map<String, Long> lastUse = new ConcurrentHashMap<>();
  private final AtomicLong clock = new AtomicLong();

  /**
   * Records a task of {@code packageName}; returns true when the name is new to the set. Names the
   * executor would refuse are ignored: there is nothing to load.
   */
  boolean touch(String packageName) {
    // A known name, the common case, only moves up: no validation, no lock.
    if (lastUse.replace(packageName, clock.incrementAndGet()) != null
        || !PackageName.isValid(packageName)
        || lastUse.putIfAbsent(packageName, clock.incrementAndGet()) != null) {
      return false;
    }
    synchronized (this) {
      while (lastUse.size() > MAX) {
        lastUse.entrySet().stream()
            .min(Map.Entry.comparingByValue())
            .ifPresent(oldest -> lastUse.remove(oldest.getKey(), oldest.getValue()));
      }
    }
    return true;
  }

  /** Stops loading {@code packageName} into spares: loading it killed a spare. */
  void forget(String packageName) {
    lastUse.remove(packageName);
  }

  /** The packages, most recently used first. */
  List<String> snapshot() {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(lastUse.entrySet());
    entries.sort(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()));
    return entries.stream().map(Map.Entry::getKey).toList();
  }
}
