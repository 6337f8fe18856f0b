package dev.spider.manager.pool;

import dev.spider.protocol.ProtocolCodec;
import dev.spider.protocol.Response;
import dev.spider.protocol.frame.FrameWriter;
import dev.spider.tdl.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Packs {@link FakeExecutorMain} into a runnable jar, and the environment it expects. */
final class FakeExecutorJar {

  private FakeExecutorJar() {}

  /** Writes the jar to {@code jar}. */
  static Path write(Path jar) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FakeExecutorMain.class.getName());
    String entry = FakeExecutorMain.class.getName().replace('.', '/') + ".class";
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        InputStream classFile = FakeExecutorJar.class.getResourceAsStream("/" + entry)) {
      if (classFile == null) {
        throw new IOException(entry + " is not on the test class path");
      }
      out.putNextEntry(new JarEntry(entry));
      classFile.transferTo(out);
      out.closeEntry();
    }
    return jar;
  }

  /** The environment that makes the fake executor send a real Hello frame. */
  static Map<String, String> environment() throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    new FrameWriter(frame, 1 << 20)
        .write(
            ProtocolCodec.encode(
                new Response.Hello(
                    Response.PROTOCOL_VERSION, Version.CURRENT, ProcessHandle.current().pid())));
    return Map.of(FakeExecutorMain.HELLO_ENV, HexFormat.of().formatHex(frame.toByteArray()));
  }
}
