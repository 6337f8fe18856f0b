package dev.spider.executor.packages;

import dev.spider.tdl.TaskPackage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Builds JAR files at test time, from compiled test classes, generated classes and resources. */
final class TestJars {

  private TestJars() {}

  static Builder jar() {
    return new Builder();
  }

  /** A fluent JAR builder; {@link #write} writes the manifest first, then entries in order. */
  static final class Builder {
    private final Manifest manifest = new Manifest();
    private final Map<String, byte[]> entries = new LinkedHashMap<>();

    private Builder() {
      manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    }

    Builder attribute(String name, String value) {
      manifest.getMainAttributes().put(new Attributes.Name(name), value);
      return this;
    }

    Builder tdlVersion(String version) {
      return attribute(JarPackageLoader.TDL_VERSION_ATTRIBUTE, version);
    }

    /** Lists providers in {@code META-INF/services/dev.spider.tdl.TaskPackage}. */
    Builder providers(String... classNames) {
      return entry(
          "META-INF/services/" + TaskPackage.class.getName(),
          (String.join("\n", classNames) + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** Copies the compiled class files of test classes into the JAR. */
    Builder classes(Class<?>... classes) {
      for (Class<?> c : classes) {
        String path = c.getName().replace('.', '/') + ".class";
        try (InputStream in = c.getClassLoader().getResourceAsStream(path)) {
          if (in == null) {
            throw new IllegalStateException("no class file for " + c.getName());
          }
          entry(path, in.readAllBytes());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return this;
    }

    /** Adds a generated empty public interface of this binary name. */
    Builder emptyInterface(String binaryName) {
      return entry(binaryName.replace('.', '/') + ".class", emptyInterfaceClassFile(binaryName));
    }

    Builder entry(String path, byte[] content) {
      entries.put(path, content);
      return this;
    }

    Builder entry(String path, String content) {
      return entry(path, content.getBytes(StandardCharsets.UTF_8));
    }

    Path write(Path file) {
      try {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file);
            JarOutputStream jar = new JarOutputStream(out, manifest)) {
          for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            jar.putNextEntry(new JarEntry(e.getKey()));
            jar.write(e.getValue());
            jar.closeEntry();
          }
        }
        return file;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /**
   * The class file of {@code public interface <binaryName> {}} (class file version 52), written by
   * hand so tests can put a class of any name into a JAR without compiling anything.
   */
  static byte[] emptyInterfaceClassFile(String binaryName) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(0xCAFEBABE);
      out.writeShort(0); // minor
      out.writeShort(52); // major: Java 8
      out.writeShort(5); // constant pool count: entries 1..4
      out.writeByte(7); // #1 Class #2
      out.writeShort(2);
      out.writeByte(1); // #2 Utf8 this class
      out.writeUTF(binaryName.replace('.', '/'));
      out.writeByte(7); // #3 Class #4
      out.writeShort(4);
      out.writeByte(1); // #4 Utf8 java/lang/Object
      out.writeUTF("java/lang/Object");
      out.writeShort(0x0001 | 0x0200 | 0x0400); // public interface abstract
      out.writeShort(1); // this_class
      out.writeShort(3); // super_class
      out.writeShort(0); // interfaces
      out.writeShort(0); // fields
      out.writeShort(0); // methods
      out.writeShort(0); // attributes
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Class names as strings, for provider files. */
  static String[] names(Class<?>... classes) {
    List<String> names = new ArrayList<>();
    for (Class<?> c : classes) {
      names.add(c.getName());
    }
    return names.toArray(String[]::new);
  }
}
