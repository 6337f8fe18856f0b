package dev.spider.cli;

import dev.spider.cli.job.Input;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.Literal;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TerminationTask;
import dev.spider.cli.types.TdlType;
import dev.spider.cli.types.TypeWidening;
import dev.spider.manager.client.TaskFunction;
import dev.spider.manager.pool.ExecutorPool;
import dev.spider.manager.pool.PoolException;
import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.PackageDescription;
import dev.spider.tdl.binding.TaskSignature;
import dev.spider.tdl.binding.TypeSpelling;
import dev.spider.tdl.codec.CodecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks a job file against the packages it names before any task runs (docs/cli.md, "spider
 * packages and task signatures"): each package exists and loads, each task exists, each task is
 * given as many inputs as it takes and declares as many outputs as it returns, and, where both
 * sides spell a type, the types fit ({@link TypeWidening}; a literal that fits by value passes).
 * Every problem is listed with its place in the file; any problem is a usage error.
 *
 * <p>The packages are described by an executor of their own, so no package code runs in the CLI's
 * JVM. What a description does not tell (a native package's tasks, a Java type a job file cannot
 * name) is not checked.
 *
 * <p>Not thread-safe: one instance per check.
 */
final class JobPackageCheck {

  /** The file's size limit for indexing places; larger files are reported without lines. */
  private static final long MAX_INDEXED_BYTES = 16 << 20;

  private final JobSpec job;
  private final Path dir;
  private final Map<String, PackageLookup.Found> packages;
  private final List<String> problems = new ArrayList<>();
  private final List<String> pointers = new ArrayList<>();

  private JobPackageCheck(JobSpec job, Path dir, Map<String, PackageLookup.Found> packages) {
    this.job = job;
    this.dir = dir;
    this.packages = packages;
  }

  /**
   * Checks a job against the packages of the package directory {@code dir}, described by the
   * executors of {@code pool} — the run's own, so the check starts no executor of its own and
   * leaves the packages loaded for the run.
   *
   * @param jobFile the file as the user named it, for the places in messages
   * @throws UsageException listing every problem, one per line, each with its place
   */
  static void check(JobSpec job, Path jobFile, Path dir, ExecutorPool pool)
      throws UsageException, PoolException, InterruptedException {
    Set<String> names = new LinkedHashSet<>();
    job.tasks().forEach(t -> names.add(t.function().packageName()));
    job.commit().ifPresent(t -> names.add(t.function().packageName()));
    job.cleanup().ifPresent(t -> names.add(t.function().packageName()));
    Map<String, PackageLookup.Found> found = new LinkedHashMap<>();
    for (String name : names) {
      found.put(name, PackageLookup.describe(pool, name));
    }
    JobPackageCheck check = new JobPackageCheck(job, dir, found);
    check.run();
    if (!check.problems.isEmpty()) {
      throw new UsageException(check.report(jobFile));
    }
  }

  /** The problems found, each as {@code pointer} and text, for tests. */
  static List<String> problems(JobSpec job, Path dir, Map<String, PackageLookup.Found> found) {
    JobPackageCheck check = new JobPackageCheck(job, dir, found);
    check.run();
    List<String> out = new ArrayList<>();
    for (int i = 0; i < check.problems.size(); i++) {
      out.add(check.pointers.get(i) + ": " + check.problems.get(i));
    }
    return out;
  }

  private void run() {
    for (int i = 0; i < job.tasks().size(); i++) {
      checkTask(i, job.tasks().get(i));
    }
    job.commit().ifPresent(t -> checkTermination("/commit", JobSpec.COMMIT_NAME, t));
    job.cleanup().ifPresent(t -> checkTermination("/cleanup", JobSpec.CLEANUP_NAME, t));
  }

  private void checkTask(int index, TaskSpec task) {
    String at = "/tasks/" + index;
    Optional<TaskSignature> signature = signature(at, "task '" + task.id() + "'", task.function());
    if (signature.isEmpty()) {
      return;
    }
    TaskSignature s = signature.get();
    String fn = task.function().taskName();
    if (task.inputs().size() != s.inputs().size()) {
      problem(
          at + "/inputs",
          "task '"
              + task.id()
              + "' gives "
              + count(task.inputs().size(), "input")
              + ", but "
              + TaskCallCheck.takes(fn, s.inputs()));
    } else {
      for (int j = 0; j < s.inputs().size(); j++) {
        checkInput(at + "/inputs/" + j, task, j, s);
      }
    }
    task.outputTypes().ifPresent(declared -> checkOutputs(at + "/outputs", task, declared, s));
  }

  private void checkInput(String at, TaskSpec task, int j, TaskSignature s) {
    Optional<TdlType> parameter = tdl(s.inputs().get(j));
    if (parameter.isEmpty()) {
      return;
    }
    String where = "input " + j + " of task '" + task.id() + "'";
    String takes = TaskCallCheck.takes(task.function().taskName(), s.inputs());
    Input input = task.inputs().get(j);
    if (input instanceof Literal literal) {
      if (!TypeWidening.fits(literal.type(), parameter.get())
          && !decodes(parameter.get(), literal)) {
        problem(
            at,
            where
                + " is a "
                + literal.type()
                + " value that does not fit "
                + parameter.get()
                + ": "
                + takes);
      }
    } else if (input instanceof OutputRef ref) {
      source(ref)
          .filter(type -> !TypeWidening.fits(type, parameter.get()))
          .ifPresent(
              type ->
                  problem(
                      at,
                      where
                          + " is output "
                          + ref
                          + " of type "
                          + type
                          + ", which does not fit "
                          + parameter.get()
                          + ": "
                          + takes));
    }
  }

  /** The type of a referenced output: as its task returns it, else as the job file declares it. */
  private Optional<TdlType> source(OutputRef ref) {
    int producer = job.indexOf(ref.task());
    if (producer < 0) {
      return Optional.empty();
    }
    TaskSpec task = job.tasks().get(producer);
    Optional<TaskSignature> signature = knownSignature(task.function());
    if (signature.isPresent() && ref.output() < signature.get().outputs().size()) {
      Optional<TdlType> returned = tdl(signature.get().outputs().get(ref.output()));
      if (returned.isPresent()) {
        return returned;
      }
    }
    return task.outputTypes()
        .filter(types -> ref.output() < types.size())
        .map(types -> types.get(ref.output()));
  }

  private void checkOutputs(String at, TaskSpec task, List<TdlType> declared, TaskSignature s) {
    String fn = task.function().taskName();
    if (declared.size() != s.outputs().size()) {
      problem(
          at,
          "task '"
              + task.id()
              + "' declares "
              + count(declared.size(), "output")
              + ", but "
              + fn
              + " returns "
              + count(s.outputs().size(), "output")
              + display(s.outputs())
              + "; declare \"outputs\": "
              + s.outputs().stream().map(t -> "\"" + t.display() + "\"").toList());
      return;
    }
    for (int j = 0; j < declared.size(); j++) {
      Optional<TdlType> returned = tdl(s.outputs().get(j));
      if (returned.isPresent() && !TypeWidening.fits(returned.get(), declared.get(j))) {
        problem(
            at + "/" + j,
            "output "
                + j
                + " of task '"
                + task.id()
                + "' is declared "
                + declared.get(j)
                + ", but "
                + fn
                + " returns "
                + returned.get());
      }
    }
  }

  private void checkTermination(String at, String role, TerminationTask task) {
    Optional<TaskSignature> signature = signature(at, "the " + role + " task", task.function());
    if (signature.isPresent() && !signature.get().inputs().isEmpty()) {
      problem(
          at + "/task",
          "the "
              + role
              + " task gets no inputs (only its context), but "
              + TaskCallCheck.takes(task.function().taskName(), signature.get().inputs()));
    }
  }

  /**
   * The signature of a task function, after checking its package and name; empty when there is a
   * problem (recorded) or nothing to check against.
   */
  private Optional<TaskSignature> signature(String at, String who, TaskFunction function) {
    PackageLookup.Found found = packages.get(function.packageName());
    if (found instanceof PackageLookup.Found.Missing) {
      problem(
          at + "/package",
          who
              + " names package '"
              + function.packageName()
              + "', which is not in "
              + dir
              + didYouMeanPackage(function.packageName()));
      return Optional.empty();
    }
    if (found instanceof PackageLookup.Found.Broken broken) {
      if (broken.kind().isEmpty() || broken.kind().get() == ErrorKind.PACKAGE_INIT_ERROR) {
        // Environmental (docs/failures.md): the run retries it, and may succeed.
        return Optional.empty();
      }
      problem(
          at + "/package",
          who
              + " names package '"
              + function.packageName()
              + "', which is broken: "
              + broken.problem());
      return Optional.empty();
    }
    PackageDescription d = ((PackageLookup.Found.Described) found).description();
    if (d.kind() == PackageDescription.Kind.NATIVE) {
      return Optional.empty();
    }
    if (!d.tasks().contains(function.taskName())) {
      String hint = PackageLookup.didYouMean(function.taskName(), d.tasks());
      problem(
          at + "/task",
          "no task '"
              + function.taskName()
              + "' in package "
              + function.packageName()
              + (hint.isEmpty() ? "; its tasks are " + String.join(", ", d.tasks()) : hint));
      return Optional.empty();
    }
    return d.signature(function.taskName());
  }

  private Optional<TaskSignature> knownSignature(TaskFunction function) {
    return packages.get(function.packageName()) instanceof PackageLookup.Found.Described d
        ? d.description().signature(function.taskName())
        : Optional.empty();
  }

  /** Whether a literal's bytes decode as {@code type}: it fits by value although not by type. */
  private static boolean decodes(TdlType type, Literal literal) {
    byte[] bytes = literal.msgpack();
    if (bytes.length == 1 && bytes[0] == (byte) 0xc0) {
      return true; // nil: a Java task's boxed parameter takes it; the task decides
    }
    try {
      type.decode(bytes);
      return true;
    } catch (CodecException e) {
      return false;
    }
  }

  private static Optional<TdlType> tdl(TypeSpelling spelling) {
    if (!(spelling instanceof TypeSpelling.Tdl tdl)) {
      return Optional.empty();
    }
    try {
      return Optional.of(TdlType.parse(tdl.name()));
    } catch (IllegalArgumentException e) {
      return Optional.empty(); // a spelling this CLI does not know: not checked
    }
  }

  private String didYouMeanPackage(String name) {
    try {
      return PackageLookup.didYouMean(name, PackageLookup.packageNames(dir));
    } catch (IOException e) {
      return " (cannot list it: " + e.getMessage() + ")";
    }
  }

  private static String display(List<TypeSpelling> types) {
    return types.isEmpty()
        ? ""
        : types.stream().map(TypeSpelling::display).collect(Collectors.joining(", ", " (", ")"));
  }

  private static String count(int n, String what) {
    return n + " " + what + (n == 1 ? "" : "s");
  }

  private void problem(String pointer, String text) {
    pointers.add(pointer);
    problems.add(text);
  }

  /** One line per problem: {@code file:line:column: problem}, then how many. */
  private String report(Path jobFile) {
    JsonPlaces places = places(jobFile);
    StringBuilder text = new StringBuilder();
    text.append(jobFile)
        .append(": ")
        .append(count(problems.size(), "problem"))
        .append(" with the packages in ")
        .append(dir)
        .append("; no task was started");
    for (int i = 0; i < problems.size(); i++) {
      JsonPlaces.Place place = places.at(pointers.get(i));
      text.append('\n').append(jobFile);
      if (place.line() > 0) {
        text.append(':').append(place.line()).append(':').append(place.column());
      }
      text.append(": ").append(problems.get(i));
    }
    return text.toString();
  }

  /** The places of the job file's values; none when it is not a plain file of sensible size. */
  private static JsonPlaces places(Path jobFile) {
    try {
      if (!Files.isRegularFile(jobFile) || Files.size(jobFile) > MAX_INDEXED_BYTES) {
        return JsonPlaces.none();
      }
      return JsonPlaces.of(Files.readString(jobFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      // The file was read a moment ago; if it cannot be read again, problems still name the file.
      return JsonPlaces.none();
    }
  }
}
