package dev.spider.samples.isolation.v2;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Instant;
import java.util.Optional;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * The Java package {@code isolation_v2}: bundles msgpack-core 0.9.8 in its {@code lib/} and says
 * which msgpack-core it sees. Its {@code has_timestamp_api} task calls API that msgpack-core 0.8
 * lacks, so if this package were handed {@code isolation_v1}'s 0.8.24 it would fail with {@code
 * NoSuchMethodError} rather than report a wrong version.
 */
public final class IsolationV2 implements TaskPackage {

  /** The package name, which is also its directory name in a package directory. */
  public static final String NAME = "isolation_v2";

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The file name of the JAR that msgpack-core's {@code MessagePack} class was loaded from, e.g.
   * {@code msgpack-core-0.9.8.jar}: names the copy this package's loader chose.
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
   * Round-trips a timestamp through {@code packTimestamp}/{@code unpackTimestamp}, API that
   * appeared in msgpack-core 0.9.0, and returns true when it comes back equal. Linked directly, so
   * a 0.8 msgpack-core on this package's class path fails it with {@code NoSuchMethodError}.
   */
  @Task("has_timestamp_api")
  public boolean hasTimestampApi(TaskContext context) throws IOException {
    Instant instant = Instant.ofEpochSecond(1_700_000_000L, 123_456_789);
    try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
      packer.packTimestamp(instant);
      packer.flush();
      try (MessageUnpacker unpacker = MessagePack.newDefaultUnpacker(packer.toByteArray())) {
        return unpacker.unpackTimestamp().equals(instant);
      }
    }
  }
}
