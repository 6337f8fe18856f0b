package dev.spider.tdl.binding;

import dev.spider.tdl.codec.TdlCodec;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Spells a task's bound Java type as the TDL type name a job file uses (docs/job-files.md,
 * "Inputs"), so {@code spider packages} can show signatures and a job file can be checked against
 * them. Every name it returns parses back to itself with the job-file type parser.
 *
 * <p>The mapping is the reverse of docs/writing-a-task-package.md, "Type mapping": {@code byte},
 * {@code short}, {@code int}, {@code long} are {@code int8} ... {@code int64}; {@code float},
 * {@code double}, {@code boolean}, {@code String}, {@code byte[]} are {@code float}, {@code
 * double}, {@code boolean}, {@code string}, {@code bytes}; {@code BigInteger} is {@code uint64}
 * (the reason to declare one; it takes any int64 too); {@code List}, {@code Map} and {@code
 * Optional} are {@code list<T>}, {@code map<K, V>}, {@code option<T>}. A box is spelled as its
 * primitive: a Java reference may be null, but nullability is not part of the TDL type ({@code
 * Optional<T>} is). Records, enums, {@code Void}, maps whose keys are neither strings nor integers
 * and {@code Optional<Optional<T>>} have no job-file name: {@link TypeSpelling.JavaOnly}.
 *
 * <p>Stateless and thread-safe.
 */
public final class TdlTypeNames {

  private static final Map<Class<?>, String> SCALARS =
      Map.ofEntries(
          Map.entry(byte.class, "int8"),
          Map.entry(Byte.class, "int8"),
          Map.entry(short.class, "int16"),
          Map.entry(Short.class, "int16"),
          Map.entry(int.class, "int32"),
          Map.entry(Integer.class, "int32"),
          Map.entry(long.class, "int64"),
          Map.entry(Long.class, "int64"),
          Map.entry(BigInteger.class, "uint64"),
          Map.entry(float.class, "float"),
          Map.entry(Float.class, "float"),
          Map.entry(double.class, "double"),
          Map.entry(Double.class, "double"),
          Map.entry(boolean.class, "boolean"),
          Map.entry(Boolean.class, "boolean"),
          Map.entry(String.class, "string"),
          Map.entry(byte[].class, "bytes"));

  /** Key types a job file accepts in {@code map<K, V>}: JSON object keys are strings. */
  private static final List<String> MAP_KEYS =
      List.of("string", "int8", "int16", "int32", "int64", "uint64");

  private TdlTypeNames() {}

  /**
   * The spelling of a type that has a TDL mapping.
   *
   * @throws dev.spider.tdl.codec.UnsupportedTypeException when the type has no TDL mapping at all
   *     (the same check that binds a task), naming the type and what is supported
   */
  public static TypeSpelling spell(Type type) {
    TdlCodec.ofType(type); // the one definition of "supported"; cached, so cheap
    return spellMapped(type);
  }

  /** The spellings of several types, in order. */
  public static List<TypeSpelling> spellAll(List<Type> types) {
    return types.stream().map(TdlTypeNames::spell).toList();
  }

  private static TypeSpelling spellMapped(Type type) {
    if (type instanceof Class<?> c) {
      String scalar = SCALARS.get(c);
      if (scalar != null) {
        return new TypeSpelling.Tdl(scalar);
      }
      return new TypeSpelling.JavaOnly(c.getName(), javaOnlyReason(c));
    }
    ParameterizedType p = (ParameterizedType) type; // anything else has no mapping at all
    Type[] args = p.getActualTypeArguments();
    Class<?> raw = (Class<?>) p.getRawType();
    if (raw == List.class) {
      return inner(type, spellMapped(element(args[0])), name -> "list<" + name + ">");
    }
    if (raw == Optional.class) {
      TypeSpelling inner = spellMapped(element(args[0]));
      if (inner instanceof TypeSpelling.Tdl tdl && tdl.name().startsWith("option<")) {
        return new TypeSpelling.JavaOnly(
            type.getTypeName(), "a job file cannot write option<option<T>>");
      }
      return inner(type, inner, name -> "option<" + name + ">");
    }
    TypeSpelling key = spellMapped(element(args[0]));
    TypeSpelling value = spellMapped(element(args[1]));
    if (key instanceof TypeSpelling.Tdl k && !MAP_KEYS.contains(k.name())) {
      return new TypeSpelling.JavaOnly(
          type.getTypeName(), "a job file's map keys are strings or integers, not " + k.name());
    }
    if (key instanceof TypeSpelling.Tdl k && value instanceof TypeSpelling.Tdl v) {
      return new TypeSpelling.Tdl("map<" + k.name() + ", " + v.name() + ">");
    }
    return new TypeSpelling.JavaOnly(type.getTypeName(), "it holds a type a job file cannot name");
  }

  private static TypeSpelling inner(Type whole, TypeSpelling inner, UnaryOperator<String> wrap) {
    if (inner instanceof TypeSpelling.Tdl tdl) {
      return new TypeSpelling.Tdl(wrap.apply(tdl.name()));
    }
    return new TypeSpelling.JavaOnly(whole.getTypeName(), "it holds a type a job file cannot name");
  }

  /** {@code ? extends T} stands for {@code T}, as in the codecs. */
  private static Type element(Type arg) {
    return arg instanceof WildcardType w ? w.getUpperBounds()[0] : arg;
  }

  private static String javaOnlyReason(Class<?> c) {
    if (c.isRecord()) {
      return "a record (a Rust struct) has no job-file type";
    }
    if (c.isEnum()) {
      return "an enum has no job-file type";
    }
    return "the unit type has no job-file type";
  }
}
