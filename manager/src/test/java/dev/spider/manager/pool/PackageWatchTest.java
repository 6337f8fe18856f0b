package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.common.base.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageWatchTest {

  /** A clock the test moves by hand. */
  private static final class ManualTicker extends Ticker {
    long nanos;

    @Override
    public long read() {
      return nanos;
    }
  }

  @TempDir Path packages;

  private final ManualTicker ticker = new ManualTicker();

  private Path deploy(String name, String content) throws IOException {
    Path dir = Files.createDirectories(packages.resolve(name));
    Path staged = dir.resolve("." + name + ".jar.new");
    Files.writeString(staged, content);
    // As docs/process-pool.md says to deploy: a new file renamed into place.
    return Files.move(
        staged,
        dir.resolve(name + ".jar"),
        StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void nothingRecordedMeansNothingChanged() throws IOException {
    deploy("p", "v1");
    assertEquals(Optional.empty(), new PackageWatch(packages, ticker).changed());
  }

  @Test
  void aRedeployedPackageIsNamedAtTheFirstCheck() throws IOException {
    deploy("p", "v1");
    deploy("q", "v1");
    PackageWatch watch = new PackageWatch(packages, ticker);
    watch.record("p");
    watch.record("q");
    assertEquals(Optional.empty(), watch.changed());
    deploy("q", "v2");
    ticker.nanos += PackageWatch.CHECK_INTERVAL.toNanos();
    assertEquals(Optional.of("q"), watch.changed());
  }

  @Test
  void checksAreAtLeastOneIntervalApartButTheFirstIsNeverSkipped() throws IOException {
    deploy("p", "v1");
    PackageWatch watch = new PackageWatch(packages, ticker);
    watch.record("p");
    deploy("p", "v2");
    assertEquals(Optional.of("p"), watch.changed(), "the first check runs at once");
    ticker.nanos += PackageWatch.CHECK_INTERVAL.toNanos() - 1;
    assertEquals(Optional.empty(), watch.changed(), "too soon after the last check");
    ticker.nanos += 1;
    assertEquals(Optional.of("p"), watch.changed());
  }

  @Test
  void recordingAgainKeepsTheFirstStamp() throws IOException {
    deploy("p", "v1");
    PackageWatch watch = new PackageWatch(packages, ticker);
    watch.record("p");
    deploy("p", "v2");
    watch.record("p");
    assertEquals(Optional.of("p"), watch.changed());
  }

  @Test
  void aNameTheExecutorRefusesIsNeverSeenChanging() throws IOException {
    PackageWatch watch = new PackageWatch(packages, ticker);
    watch.record("../etc");
    Files.writeString(packages.resolve("sibling"), "anything");
    assertEquals(Optional.empty(), watch.changed());
  }
}
