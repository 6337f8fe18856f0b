package dev.spider.tdl.binding;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskOutputs;
import dev.spider.tdl.TaskPackage;
import dev.spider.tdl.codec.TdlCodec;
import dev.spider.tdl.codec.UnsupportedTypeException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The tasks of one {@link TaskPackage} instance, found from its {@link Task} annotations and bound
 * once: each task's parameters and return value get their codecs and a method handle, so running a
 * task reflects on nothing.
 *
 * <p>Immutable and thread-safe.
 */
public final class PackageBinding {

  private final TaskPackage instance;
  private final Map<String, BoundTask> tasks;

  private PackageBinding(TaskPackage instance, Map<String, BoundTask> tasks) {
    this.instance = instance;
    this.tasks = tasks;
  }

  /**
   * Binds the tasks of a package instance.
   *
   * @throws TaskDefinitionException naming the class and method when a task is declared wrongly
   *     (duplicate name, non-public, first parameter not TaskContext, unmapped type)
   */
  public static PackageBinding bind(TaskPackage instance) throws TaskDefinitionException {
    Class<?> type = instance.getClass();
    if (!Modifier.isPublic(type.getModifiers())) {
      throw new TaskDefinitionException(
          "package class " + type.getName() + " must be public so its tasks can be called");
    }
    Map<String, BoundTask> tasks = new LinkedHashMap<>();
    Map<String, Method> declaredBy = new LinkedHashMap<>();
    for (Method method : taskMethods(type)) {
      BoundTask task = bindTask(instance, method);
      Method previous = declaredBy.putIfAbsent(task.name(), method);
      if (previous != null) {
        throw new TaskDefinitionException(
            "package class "
                + type.getName()
                + " declares task '"
                + task.name()
                + "' twice: "
                + describe(previous)
                + " and "
                + describe(method)
                + "; give one of them another name with @Task(\"...\")");
      }
      tasks.put(task.name(), task);
    }
    return new PackageBinding(instance, Map.copyOf(tasks));
  }

  /** The package instance the tasks are bound to. */
  public TaskPackage instance() {
    return instance;
  }

  public Optional<BoundTask> task(String name) {
    return Optional.ofNullable(tasks.get(name));
  }

  /** Task names, sorted. */
  public List<String> taskNames() {
    return tasks.keySet().stream().sorted().collect(Collectors.toUnmodifiableList());
  }

  private static List<Method> taskMethods(Class<?> type) throws TaskDefinitionException {
    List<Method> found = new ArrayList<>();
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      for (Method m : c.getDeclaredMethods()) {
        if (!m.isAnnotationPresent(Task.class) || m.isBridge() || m.isSynthetic()) {
          continue;
        }
        if (!Modifier.isPublic(m.getModifiers()) || !Modifier.isPublic(c.getModifiers())) {
          throw new TaskDefinitionException(
              "task method " + describe(m) + " must be public (and declared in a public class)");
        }
        boolean overridden =
            found.stream()
                .anyMatch(
                    f ->
                        f.getName().equals(m.getName())
                            && Arrays.equals(f.getParameterTypes(), m.getParameterTypes()));
        if (!overridden) {
          found.add(m);
        }
      }
    }
    found.sort(Comparator.comparing(Method::getName));
    return found;
  }

  private static BoundTask bindTask(TaskPackage instance, Method method)
      throws TaskDefinitionException {
    String name = method.getAnnotation(Task.class).value();
    if (name.isEmpty()) {
      name = method.getName();
    }
    Type[] params = method.getGenericParameterTypes();
    if (params.length == 0 || params[0] != TaskContext.class) {
      throw new TaskDefinitionException(
          "task method " + describe(method) + " must take TaskContext as its first parameter");
    }
    List<TdlCodec<Object>> inputs = new ArrayList<>();
    try {
      for (int i = 1; i < params.length; i++) {
        inputs.add(TdlCodec.ofType(params[i]));
      }
    } catch (UnsupportedTypeException e) {
      throw new TaskDefinitionException(
          "task method " + describe(method) + ": " + e.getMessage(), e);
    }
    BoundTask.OutputShape outputs = outputShape(method);
    List<Type> outputTypes = outputTypes(method);
    MethodHandle handle;
    try {
      handle = MethodHandles.publicLookup().unreflect(method);
    } catch (IllegalAccessException e) {
      throw new TaskDefinitionException(
          "task method " + describe(method) + " is not accessible: " + e.getMessage(), e);
    }
    if (!Modifier.isStatic(method.getModifiers())) {
      handle = handle.bindTo(instance);
    }
    MethodHandle invoker =
        handle
            .asSpreader(Object[].class, params.length - 1)
            .asType(MethodType.methodType(Object.class, TaskContext.class, Object[].class));
    return new BoundTask(name, describe(method), inputs, outputs, outputTypes, invoker);
  }

  private static BoundTask.OutputShape outputShape(Method method) throws TaskDefinitionException {
    Class<?> raw = method.getReturnType();
    if (raw == void.class) {
      return new BoundTask.OutputShape.None();
    }
    try {
      if (raw.isRecord() && raw.isAnnotationPresent(TaskOutputs.class)) {
        List<TdlCodec<Object>> codecs = new ArrayList<>();
        List<MethodHandle> accessors = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (RecordComponent component : raw.getRecordComponents()) {
          codecs.add(TdlCodec.ofType(component.getGenericType()));
          accessors.add(
              MethodHandles.publicLookup()
                  .unreflect(component.getAccessor())
                  .asType(MethodType.methodType(Object.class, Object.class)));
          names.add(component.getName());
        }
        return new BoundTask.OutputShape.Components(codecs, accessors, names);
      }
      return new BoundTask.OutputShape.Single(TdlCodec.ofType(method.getGenericReturnType()));
    } catch (UnsupportedTypeException | IllegalAccessException e) {
      throw new TaskDefinitionException(
          "task method " + describe(method) + " return type: " + e.getMessage(), e);
    }
  }

  /** The Java types of a task's outputs, matching {@link #outputShape}. */
  private static List<Type> outputTypes(Method method) {
    Class<?> raw = method.getReturnType();
    if (raw == void.class) {
      return List.of();
    }
    if (raw.isRecord() && raw.isAnnotationPresent(TaskOutputs.class)) {
      return Arrays.stream(raw.getRecordComponents()).map(RecordComponent::getGenericType).toList();
    }
    return List.of(method.getGenericReturnType());
  }

  private static String describe(Method m) {
    return m.getDeclaringClass().getName()
        + "."
        + m.getName()
        + Arrays.stream(m.getGenericParameterTypes())
            .map(Type::getTypeName)
            .collect(Collectors.joining(", ", "(", ")"));
  }
}
