package dev.spider.tdl.binding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spider.tdl.GenericType;
import dev.spider.tdl.Hex;
import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskId;
import dev.spider.tdl.TaskOutputs;
import dev.spider.tdl.TaskPackage;
import dev.spider.tdl.TdlError;
import dev.spider.tdl.codec.CodecException;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.wire.WireFormat;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PackageBindingTest {

  // ---- test packages ----------------------------------------------------------------------------

  public record Point(int x, int y) {}

  @TaskOutputs
  public record MinMax(long min, long max) {}

  /** A package exercising every output shape, static and instance tasks, and failures. */
  public static final class Sample implements TaskPackage {
    private final String greeting;
    private final RuntimeException crash = new IllegalStateException("crash from the task");
    private final TdlError failure = TdlError.custom("failure from the task");
    private final List<TaskContext> seen = new ArrayList<>();

    public Sample(String greeting) {
      this.greeting = greeting;
    }

    @Override
    public String name() {
      return "sample";
    }

    @Task
    public long add(TaskContext context, long a, long b) {
      seen.add(context);
      return a + b;
    }

    @Task("sum_all")
    public static long sumAll(TaskContext context, List<Long> values) {
      return values.stream().mapToLong(Long::longValue).sum();
    }

    @Task
    public String greet(TaskContext context, String name) {
      return greeting + ", " + name;
    }

    @Task
    public void nothing(TaskContext context) {}

    @Task
    public static MinMax minMax(TaskContext context, List<Long> values) {
      return new MinMax(
          values.stream().mapToLong(Long::longValue).min().orElseThrow(),
          values.stream().mapToLong(Long::longValue).max().orElseThrow());
    }

    @Task
    public Point point(TaskContext context, int x, int y) {
      return new Point(x, y);
    }

    @Task
    public long fail(TaskContext context) throws TdlError {
      throw failure;
    }

    @Task
    public long crash(TaskContext context) {
      throw crash;
    }

    @Task
    public long checked(TaskContext context) throws IOException {
      throw new IOException("checked from the task");
    }

    @Task("all_types")
    public static String allTypes(
        TaskContext context,
        byte b,
        short s,
        int i,
        float f,
        double d,
        boolean z,
        byte[] bytes,
        Map<String, Integer> map,
        Optional<String> maybe,
        Long nullable) {
      return b
          + "/"
          + s
          + "/"
          + i
          + "/"
          + f
          + "/"
          + d
          + "/"
          + z
          + "/"
          + Hex.of(bytes)
          + "/"
          + map
          + "/"
          + maybe.orElse("none")
          + "/"
          + nullable;
    }

    @Task("null_outputs")
    public static MinMax nullOutputs(TaskContext context) {
      return null;
    }

    @Task("null_point")
    public static Point nullPoint(TaskContext context) {
      return null; // a record is a reference type: null encodes as nil, not an error
    }

    @Task("null_into_primitive_output")
    public static Long nullLong(TaskContext context) {
      return null;
    }

    /** Not a task: no annotation. */
    public long helper(TaskContext context) {
      return 0;
    }
  }

  public static class Base implements TaskPackage {
    @Override
    public String name() {
      return "base";
    }

    @Task
    public long value(TaskContext context) {
      return 1;
    }

    @Task
    public long inherited(TaskContext context) {
      return 10;
    }
  }

  public static final class Derived extends Base {
    @Override
    @Task
    public long value(TaskContext context) {
      return 2;
    }
  }

  public static final class Duplicates implements TaskPackage {
    @Override
    public String name() {
      return "duplicates";
    }

    @Task("same")
    public long first(TaskContext context) {
      return 1;
    }

    @Task("same")
    public long second(TaskContext context, long x) {
      return x;
    }
  }

  public static final class DefaultNameClash implements TaskPackage {
    @Override
    public String name() {
      return "clash";
    }

    @Task
    public long run(TaskContext context) {
      return 1;
    }

    @Task("run")
    public long other(TaskContext context) {
      return 2;
    }
  }

  public static final class NoContext implements TaskPackage {
    @Override
    public String name() {
      return "no_context";
    }

    @Task
    public long noContext(long a, TaskContext context) {
      return a;
    }
  }

  public static final class NoParameters implements TaskPackage {
    @Override
    public String name() {
      return "no_parameters";
    }

    @Task
    public long noParameters() {
      return 1;
    }
  }

  public static final class NonPublicTask implements TaskPackage {
    @Override
    public String name() {
      return "non_public";
    }

    @Task
    long hidden(TaskContext context) {
      return 1;
    }
  }

  public static final class PrivateTask implements TaskPackage {
    @Override
    public String name() {
      return "private_task";
    }

    @Task
    private long secret(TaskContext context) {
      return 1;
    }
  }

  public static final class UnsupportedParameter implements TaskPackage {
    @Override
    public String name() {
      return "unsupported_parameter";
    }

    @Task
    public long takesObject(TaskContext context, long fine, Object notFine) {
      return fine;
    }
  }

  public static final class UnsupportedReturn implements TaskPackage {
    @Override
    public String name() {
      return "unsupported_return";
    }

    @Task
    public int[] returnsIntArray(TaskContext context) {
      return new int[0];
    }
  }

  @TaskOutputs
  public record BadOutputs(long fine, Thread notFine) {}

  public static final class UnsupportedOutputComponent implements TaskPackage {
    @Override
    public String name() {
      return "unsupported_output_component";
    }

    @Task
    public BadOutputs outputs(TaskContext context) {
      return null;
    }
  }

  static final class NonPublicPackage implements TaskPackage {
    @Override
    public String name() {
      return "non_public_package";
    }

    @Task
    public long task(TaskContext context) {
      return 1;
    }
  }

  public static final class Empty implements TaskPackage {
    @Override
    public String name() {
      return "empty";
    }
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static final TaskContext CONTEXT = context();

  private static TaskContext context() {
    try {
      return TaskContext.of(1, TaskId.index(0), 13, 2);
    } catch (TdlError e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] inputs(Object... values) throws CodecException {
    List<byte[]> payloads = new ArrayList<>();
    for (Object value : values) {
      payloads.add(encode(value));
    }
    return WireFormat.encode(payloads);
  }

  @SuppressWarnings("unchecked")
  private static byte[] encode(Object value) throws CodecException {
    if (value instanceof List<?>) {
      return TdlCodec.ofType(new GenericType<List<Long>>() {}.type()).encode(value);
    }
    return ((TdlCodec<Object>) (TdlCodec<?>) TdlCodec.of(value.getClass())).encode(value);
  }

  private static BoundTask task(PackageBinding binding, String name) {
    return binding
        .task(name)
        .orElseThrow(() -> new AssertionError("no task " + name + " in " + binding.taskNames()));
  }

  private static TaskDefinitionException assertDefinitionError(
      TaskPackage instance, String... parts) {
    TaskDefinitionException e =
        assertThrows(TaskDefinitionException.class, () -> PackageBinding.bind(instance));
    assertMessageHas(e, parts);
    return e;
  }

  private static TdlError assertTdlError(TdlError.Kind kind, Executable call, String... parts) {
    TdlError e = assertThrows(TdlError.class, call);
    assertEquals(kind, e.kind(), () -> "kind of " + e);
    assertMessageHas(e, parts);
    return e;
  }

  private static void assertMessageHas(Throwable e, String... parts) {
    for (String part : parts) {
      assertTrue(
          e.getMessage().contains(part),
          () -> "message '" + e.getMessage() + "' should contain '" + part + "'");
    }
  }

  // ---- discovery --------------------------------------------------------------------------------

  @Test
  void tasksAreFoundByAnnotationWithDefaultAndExplicitNamesSorted() throws Exception {
    PackageBinding binding = PackageBinding.bind(new Sample("hi"));
    assertEquals(
        List.of(
            "add",
            "all_types",
            "checked",
            "crash",
            "fail",
            "greet",
            "minMax",
            "nothing",
            "null_into_primitive_output",
            "null_outputs",
            "null_point",
            "point",
            "sum_all"),
        binding.taskNames());
    assertFalse(binding.task("helper").isPresent(), "an unannotated method is not a task");
    assertFalse(binding.task("sumAll").isPresent(), "an explicit name replaces the method name");
    assertFalse(binding.task("no_such_task").isPresent());
    assertEquals(2, task(binding, "add").inputCount());
    assertEquals(0, task(binding, "nothing").inputCount());
    assertEquals("add", task(binding, "add").name());
    assertTrue(
        task(binding, "sum_all")
            .signature()
            .contains("sumAll(dev.spider.tdl.TaskContext, java.util.List<java.lang.Long>)"),
        task(binding, "sum_all").signature());
  }

  @Test
  void theBindingKeepsItsInstance() throws Exception {
    Sample sample = new Sample("hi");
    assertSame(sample, PackageBinding.bind(sample).instance());
  }

  @Test
  void aPackageWithoutTasksBindsToNothing() throws Exception {
    assertEquals(List.of(), PackageBinding.bind(new Empty()).taskNames());
  }

  @Test
  void overriddenTasksAreBoundOnceAndInheritedOnesFound() throws Throwable {
    PackageBinding binding = PackageBinding.bind(new Derived());
    assertEquals(List.of("inherited", "value"), binding.taskNames());
    assertEquals(
        "0100000001000000" + "02",
        Hex.of(task(binding, "value").execute(CONTEXT, WireFormat.empty())));
    assertEquals(
        "0100000001000000" + "0a",
        Hex.of(task(binding, "inherited").execute(CONTEXT, WireFormat.empty())));
  }

  // ---- definition errors ------------------------------------------------------------------------

  @Test
  void duplicateTaskNamesNameBothMethods() {
    assertDefinitionError(
        new Duplicates(), "'same'", "twice", "Duplicates.first(", "Duplicates.second(", "@Task");
    assertDefinitionError(
        new DefaultNameClash(), "'run'", "DefaultNameClash.run(", "DefaultNameClash.other(");
  }

  @Test
  void theFirstParameterMustBeTheTaskContext() {
    assertDefinitionError(
        new NoContext(),
        "noContext(long, dev.spider.tdl.TaskContext)",
        "TaskContext as its first parameter");
    assertDefinitionError(
        new NoParameters(), "noParameters()", "TaskContext as its first parameter");
  }

  @Test
  void aNonPublicTaskMethodIsRefused() {
    assertDefinitionError(new NonPublicTask(), "NonPublicTask.hidden(", "must be public");
    assertDefinitionError(new PrivateTask(), "PrivateTask.secret(", "must be public");
  }

  @Test
  void aNonPublicPackageClassIsRefused() {
    assertDefinitionError(new NonPublicPackage(), "NonPublicPackage", "must be public");
  }

  @Test
  void anUnsupportedParameterTypeNamesTheMethod() {
    TaskDefinitionException e =
        assertDefinitionError(
            new UnsupportedParameter(),
            "UnsupportedParameter.takesObject(",
            "java.lang.Object",
            "no TDL mapping");
    assertTrue(e.getCause() instanceof IllegalArgumentException, String.valueOf(e.getCause()));
  }

  @Test
  void anUnsupportedReturnTypeNamesTheMethod() {
    assertDefinitionError(new UnsupportedReturn(), "returnsIntArray(", "return type", "int[]");
    assertDefinitionError(
        new UnsupportedOutputComponent(),
        "UnsupportedOutputComponent.outputs(",
        "java.lang.Thread");
  }

  // ---- execution --------------------------------------------------------------------------------

  @Test
  void executeTurnsWireInputsIntoWireOutputs() throws Throwable {
    Sample sample = new Sample("hi");
    BoundTask add = task(PackageBinding.bind(sample), "add");
    byte[] outputs = add.execute(CONTEXT, inputs(2L, 40L));
    assertEquals("01000000" + "01000000" + "2a", Hex.of(outputs));
    assertEquals(List.of(CONTEXT), sample.seen, "the task receives the context");
  }

  @Test
  void staticAndInstanceTasksRun() throws Throwable {
    PackageBinding binding = PackageBinding.bind(new Sample("hello"));
    byte[] sum = task(binding, "sum_all").execute(CONTEXT, inputs(List.of(1L, 2L, 300L)));
    assertEquals(303L, TdlCodec.of(long.class).decode(WireFormat.decode(sum, 1).get(0)));
    byte[] greeting = task(binding, "greet").execute(CONTEXT, inputs("spider"));
    assertEquals(
        "hello, spider", TdlCodec.of(String.class).decode(WireFormat.decode(greeting, 1).get(0)));
  }

  @Test
  void everyMappedParameterTypeIsDecoded() throws Throwable {
    BoundTask allTypes = task(PackageBinding.bind(new Sample("hi")), "all_types");
    assertEquals(10, allTypes.inputCount());
    byte[] raw =
        WireFormat.encode(
            List.of(
                Hex.bytes("d0 80"), // byte -128
                Hex.bytes("cd 7fff"), // short 32767
                Hex.bytes("ce 00010000"), // int 65536
                Hex.bytes("ca 3fc00000"), // float 1.5
                Hex.bytes("cb 3ff8000000000000"), // double 1.5
                Hex.bytes("c3"),
                Hex.bytes("c4 02 00ff"), // bin is accepted for bytes
                Hex.bytes("81 a161 01"),
                Hex.bytes("c0"),
                Hex.bytes("c0")));
    byte[] out = allTypes.execute(CONTEXT, raw);
    assertEquals(
        "-128/32767/65536/1.5/1.5/true/00ff/{a=1}/none/null",
        TdlCodec.of(String.class).decode(WireFormat.decode(out, 1).get(0)));
  }

  @Test
  void aVoidTaskHasNoOutputs() throws Throwable {
    byte[] outputs =
        task(PackageBinding.bind(new Sample("hi")), "nothing").execute(CONTEXT, WireFormat.empty());
    assertEquals("00000000", Hex.of(outputs));
  }

  @Test
  void aTaskOutputsRecordIsOnePayloadPerComponent() throws Throwable {
    byte[] outputs =
        task(PackageBinding.bind(new Sample("hi")), "minMax")
            .execute(CONTEXT, inputs(List.of(5L, -3L, 200L)));
    assertEquals("02000000" + "01000000" + "fd" + "02000000" + "ccc8", Hex.of(outputs));
  }

  @Test
  void aPlainRecordIsOnePayload() throws Throwable {
    byte[] outputs =
        task(PackageBinding.bind(new Sample("hi")), "point").execute(CONTEXT, inputs(1, -2));
    assertEquals("01000000" + "03000000" + "9201fe", Hex.of(outputs));
    byte[] nil =
        task(PackageBinding.bind(new Sample("hi")), "null_point")
            .execute(CONTEXT, WireFormat.empty());
    assertEquals("01000000" + "01000000" + "c0", Hex.of(nil));
  }

  @Test
  void aNullTaskOutputsRecordIsASerializationError() throws Exception {
    BoundTask task = task(PackageBinding.bind(new Sample("hi")), "null_outputs");
    assertTdlError(
        TdlError.Kind.SERIALIZATION_ERROR,
        () -> task.execute(CONTEXT, WireFormat.empty()),
        "null_outputs",
        "returned null");
  }

  @Test
  void anInputCountMismatchIsADeserializationErrorNamingBothCounts() throws Exception {
    BoundTask add = task(PackageBinding.bind(new Sample("hi")), "add");
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () -> add.execute(CONTEXT, inputs(1L)),
        "'add'",
        "expected 2",
        "declares 1");
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () -> add.execute(CONTEXT, inputs(1L, 2L, 3L)),
        "expected 2",
        "declares 3");
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () -> add.execute(CONTEXT, new byte[0]),
        "'add'",
        "truncated");
  }

  @Test
  void aMalformedInputPayloadIsADeserializationErrorNamingTheInput() throws Exception {
    BoundTask add = task(PackageBinding.bind(new Sample("hi")), "add");
    TdlError e =
        assertTdlError(
            TdlError.Kind.DESERIALIZATION_ERROR,
            () ->
                add.execute(
                    CONTEXT, WireFormat.encode(List.of(Hex.bytes("01"), Hex.bytes("a161")))),
            "'add'",
            "input 1",
            "long",
            "expected an integer");
    assertTrue(e.getCause() instanceof CodecException);
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () ->
            add.execute(
                CONTEXT,
                WireFormat.encode(List.of(Hex.bytes("cf8000000000000000"), Hex.bytes("01")))),
        "input 0",
        "out of range");
    // a hostile array32 header must not escape as msgpack-core's unchecked MessageSizeException
    BoundTask sumAll = task(PackageBinding.bind(new Sample("hi")), "sum_all");
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () -> sumAll.execute(CONTEXT, WireFormat.encode(List.of(Hex.bytes("dd ffffffff")))),
        "'sum_all'",
        "input 0");
    BoundTask point = task(PackageBinding.bind(new Sample("hi")), "point");
    assertTdlError(
        TdlError.Kind.DESERIALIZATION_ERROR,
        () ->
            point.execute(
                CONTEXT, WireFormat.encode(List.of(Hex.bytes("01"), Hex.bytes("ce80000000")))),
        "input 1",
        "2147483648");
  }

  @Test
  void theTasksOwnTdlErrorPropagatesUnchanged() throws Exception {
    Sample sample = new Sample("hi");
    BoundTask fail = task(PackageBinding.bind(sample), "fail");
    TdlError e = assertThrows(TdlError.class, () -> fail.execute(CONTEXT, WireFormat.empty()));
    assertSame(sample.failure, e);
    assertEquals(TdlError.Kind.CUSTOM, e.kind());
  }

  @Test
  void aRuntimeExceptionFromTheTaskPropagatesUnwrapped() throws Exception {
    Sample sample = new Sample("hi");
    BoundTask crash = task(PackageBinding.bind(sample), "crash");
    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> crash.execute(CONTEXT, WireFormat.empty()));
    assertSame(sample.crash, e);
  }

  @Test
  void aCheckedExceptionFromTheTaskPropagatesUnwrapped() throws Exception {
    BoundTask checked = task(PackageBinding.bind(new Sample("hi")), "checked");
    IOException e =
        assertThrows(IOException.class, () -> checked.execute(CONTEXT, WireFormat.empty()));
    assertEquals("checked from the task", e.getMessage());
  }

  @Test
  void aNullFromABoxedReturnIsNil() throws Throwable {
    byte[] out =
        task(PackageBinding.bind(new Sample("hi")), "null_into_primitive_output")
            .execute(CONTEXT, WireFormat.empty());
    assertArrayEquals(Hex.bytes("01000000 01000000 c0"), out);
  }

  @Test
  void aBoundTaskRunsRepeatedly() throws Throwable {
    BoundTask add = task(PackageBinding.bind(new Sample("hi")), "add");
    for (long i = 0; i < 100; i++) {
      byte[] out = add.execute(CONTEXT, inputs(i, i));
      assertEquals(2 * i, TdlCodec.of(long.class).decode(WireFormat.decode(out, 1).get(0)));
    }
  }
}
