package dev.spider.samples.isolation.v1;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

/**
 * The Java package {@code isolation_v1}: bundles msgpack-core 0.8.24 in its {@code lib/} and says
 * which msgpack-core it sees. Run next to {@code isolation_v2} (msgpack-core 0.9.8) in one executor
 * (which itself uses 0.9.10), each must report its own version: the proof that every package gets
 * its own child-first class loader.
 */
public final class IsolationV1 implements TaskPackage {

  /** The package name, which is also its directory name in a package directory. */
  public static final String NAME = "isolation_v1";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The file name of the JAR that msgpack-core's {@code MessagePack} class was loaded from, e.g.
   * {@code msgpack-core-0.8.24.jar}: names the copy this package's loader chose.
   */
  @Task("library_version")
  public String libraryVersion(TaskContext context) {
    CodeSource source = MessagePack.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return "unknown: MessagePack has no code source, loader "
          + MessagePack.class.getClassLoader();
    }
    try {
      return Path.of(source.getLocation().toURI()).getFileName().toString();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return source.getLocation().toString();
    }
  }

  /** The {@code Implementation-Version} of the msgpack-core JAR this package sees, if recorded. */
  @Task("library_implementation_version")
  public Optional<String> libraryImplementationVersion(TaskContext context) {
    return Optional.ofNullable(MessagePack.class.getPackage().getImplementationVersion());
  }

  /**
   * Whether the msgpack-core this package sees has {@code MessagePacker.packTimestamp(Instant)},
   * which appeared in 0.9.0: false for the 0.8.24 this package bundles. Asked reflectively, as this
   * package compiles against 0.8.24, which lacks it.
   */
  @Task("has_timestamp_api")
  public boolean hasTimestampApi(TaskContext context) {
    return Arrays.stream(MessagePacker.class.getMethods())
        .anyMatch(
            m ->
                m.getName().equals("packTimestamp")
                    && Arrays.equals(m.getParameterTypes(), new Class<?>[] {Instant.class}));
  }
}
