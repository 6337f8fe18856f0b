package dev.spider.tdl.binding;

import java.util.Objects;

/**
 * How a task parameter's or output's Java type is spelled for a user: as the TDL type name a job
 * file uses ({@link Tdl}, e.g. {@code list<int64>}), or, for a type the job-file language has no
 * name for (a record, an enum, {@code Void}, a map with boolean keys...), as its Java type name
 * ({@link JavaOnly}). See {@link TdlTypeNames} and docs/job-files.md, "Inputs".
 *
 * <p>Immutable.
 */
public sealed interface TypeSpelling permits TypeSpelling.Tdl, TypeSpelling.JavaOnly {

  /** The spelling shown to a user: the TDL name, or {@code java:<type name>}. */
  String display();

  /**
   * A type a job file can name.
   *
   * @param name the canonical job-file spelling, e.g. {@code map<string, list<int64>>}
   */
  record Tdl(String name) implements TypeSpelling {
    public Tdl {
      Objects.requireNonNull(name, "name");
    }

    @Override
    public String display() {
      return name;
    }
  }

  /**
   * A type with a TDL mapping (values of it can be exchanged) but no job-file name.
   *
   * @param javaType the Java type name, e.g. {@code com.example.Point}
   * @param reason why a job file cannot name it, for messages
   */
  record JavaOnly(String javaType, String reason) implements TypeSpelling {
    public JavaOnly {
      Objects.requireNonNull(javaType, "javaType");
      Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String display() {
      return "java:" + javaType;
    }
  }
}
