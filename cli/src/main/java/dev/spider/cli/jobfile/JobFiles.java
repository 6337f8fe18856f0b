package dev.spider.cli.jobfile;

import dev.spider.cli.job.ExecutionPolicy;
import dev.spider.cli.job.FailurePolicy;
import dev.spider.cli.job.GraphCheck;
import dev.spider.cli.job.Input;
import dev.spider.cli.job.JobSpec;
import dev.spider.cli.job.Literal;
import dev.spider.cli.job.OutputRef;
import dev.spider.cli.job.TaskSpec;
import dev.spider.cli.job.TerminationTask;
import dev.spider.cli.types.InvalidLiteralException;
import dev.spider.cli.types.TdlType;

import dev.spider.protocol.PackageName;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spider.manager.client.TaskFunction;
import dev.spider.manager.client.TimeoutPolicy;
import dev.spider.cli.jobfile.LocatedJson.Place;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads job files: JSON documents describing a {@link JobSpec}, in the format of {@code
 * docs/job-files.md}. Every problem is a {@link JobFileException} naming the file, the line and
 * column of the offending text, what is wrong and how to fix it; unknown fields, duplicate keys and
 * task ids, references to unknown tasks or to outputs a task does not declare, cycles, unknown
 * types and values not matching their type are all refused.
 *
 * <p>Stateless and thread-safe.
 */
public final class JobFiles {

  /** The job files bundled for {@code spider demo}, in the order the demo runs them. */
  public static final List<String> BUNDLED = List.of("fanout.json", "failures.json");

  private static final String BUNDLED_DIR = "/dev/spider/cli/jobs/";

  /** What the executor accepts as a package name (SPEC section 2). */

  private static final Set<String> JOB_FIELDS =
      fields("name", "description", "on_failure", "tasks", "job_outputs", "commit", "cleanup");
  private static final Set<String> TASK_FIELDS =
      fields(
          "id",
          "description",
          "package",
          "task",
          "inputs",
          "outputs",
          "max_retries",
          "hard_timeout_seconds",
          "soft_timeout_seconds");
  private static final Set<String> TERMINATION_FIELDS =
      fields(
          "description",
          "package",
          "task",
          "max_retries",
          "hard_timeout_seconds",
          "soft_timeout_seconds");
  private static final Set<String> LITERAL_FIELDS = fields("type", "value");
  private static final Set<String> REF_FIELDS = fields("ref", "output");

  private static final String LITERAL_FORM = "{\"type\": \"int64\", \"value\": 10}";
  private static final String REF_FORM = "{\"ref\": \"<task id>\", \"output\": 0}";

  private JobFiles() {}

  /**
   * Reads a job file (UTF-8). The job's name, unless the file gives one, is the file name without
   * its {@code .json} extension.
   *
   * @throws JobFileException when the file cannot be read or is not a valid job; the message names
   *     {@code path} as given
   */
  public static JobSpec parse(Path path) throws JobFileException {
    String source = path.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw new JobFileException(source, 0, 0, "no such file; check the path");
    } catch (IOException e) {
      throw new JobFileException(source, 0, 0, "cannot read the file: " + e);
    }
    return parse(
        source,
        defaultName(path.getFileName() == null ? source : path.getFileName().toString()),
        bytes);
  }

  /**
   * Reads a job from JSON text.
   *
   * @param source what to call the text in messages, e.g. a file name
   * @param text the job file's content
   * @throws JobFileException when the text is not a valid job
   */
  public static JobSpec parse(String source, String text) throws JobFileException {
    return new Reader(source, defaultName(source)).read(text);
  }

  /**
   * Reads one of the {@linkplain #BUNDLED bundled} job files from the class path; messages call it
   * {@code bundled:<fileName>}.
   *
   * @throws IllegalArgumentException when {@code fileName} is not bundled
   * @throws JobFileException when the bundled file is broken (a bug of the build)
   */
  public static JobSpec bundled(String fileName) throws JobFileException {
    if (!BUNDLED.contains(fileName)) {
      throw new IllegalArgumentException(
          "no bundled job file \"" + fileName + "\"; bundled: " + String.join(", ", BUNDLED));
    }
    String source = "bundled:" + fileName;
    try (InputStream in = JobFiles.class.getResourceAsStream(BUNDLED_DIR + fileName)) {
      if (in == null) {
        throw new JobFileException(source, 0, 0, "missing from the class path (a broken build)");
      }
      return parse(source, defaultName(fileName), in.readAllBytes());
    } catch (IOException e) {
      throw new JobFileException(source, 0, 0, "cannot read it from the class path: " + e);
    }
  }

  private static JobSpec parse(String source, String name, byte[] bytes) throws JobFileException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new JobFileException(source, 0, 0, "not UTF-8 text; save the job file as UTF-8");
    }
    return new Reader(source, name).read(text);
  }

  private static String defaultName(String fileName) {
    String base = fileName.substring(fileName.lastIndexOf('/') + 1);
    return base.endsWith(".json") ? base.substring(0, base.length() - 5) : base;
  }

  private static Set<String> fields(String... names) {
    return new LinkedHashSet<>(List.of(names));
  }

  /** One parse: the text, its locations, and where the reading is. */
  private static final class Reader {

    private final String source;
    private final String defaultName;
    private LocatedJson json;

    Reader(String source, String defaultName) {
      this.source = source;
      this.defaultName = defaultName;
    }

    JobSpec read(String text) throws JobFileException {
      try {
        json = LocatedJson.parse(text);
      } catch (LocatedJson.SyntaxException e) {
        String problem =
            e.getMessage().startsWith("Duplicate field")
                ? e.getMessage().replace("Duplicate field", "duplicate field")
                    + ": a field may appear once in an object; remove one"
                : "invalid JSON: "
                    + e.getMessage()
                    + "; fix the JSON syntax (a missing comma,"
                    + " quote or bracket, or a trailing comma?)";
        throw new JobFileException(source, e.place.line(), e.place.column(), problem);
      }
      JsonNode root = json.root();
      if (!root.isObject()) {
        throw at("", "a job file holds one JSON object, {\"tasks\": [...]}, not " + kind(root));
      }
      checkFields(root, "", "the job", JOB_FIELDS, Set.of("tasks"));
      optionalString(root, "", "description");
      String name = optionalString(root, "", "name").orElse(defaultName);
      FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
      Optional<String> onFailure = optionalString(root, "", "on_failure");
      if (onFailure.isPresent()) {
        try {
          failurePolicy = FailurePolicy.fromFileName(onFailure.get());
        } catch (IllegalArgumentException e) {
          throw at("/on_failure", e.getMessage());
        }
      }

      JsonNode tasksNode = root.get("tasks");
      if (!tasksNode.isArray() || tasksNode.isEmpty()) {
        throw at(
            "/tasks",
            "\"tasks\" must be a non-empty array of task objects, found " + kind(tasksNode));
      }
      List<TaskSpec> tasks = new ArrayList<>();
      for (int i = 0; i < tasksNode.size(); i++) {
        tasks.add(task(tasksNode.get(i), "/tasks/" + i, i));
      }

      Optional<List<OutputRef>> jobOutputs = Optional.empty();
      JsonNode outputsNode = root.get("job_outputs");
      if (outputsNode != null) {
        if (!outputsNode.isArray()) {
          throw at(
              "/job_outputs",
              "\"job_outputs\" must be an array of references "
                  + REF_FORM
                  + ", found "
                  + kind(outputsNode));
        }
        List<OutputRef> refs = new ArrayList<>();
        for (int k = 0; k < outputsNode.size(); k++) {
          String pointer = "/job_outputs/" + k;
          JsonNode node = outputsNode.get(k);
          if (!node.isObject() || !node.has("ref")) {
            throw at(pointer, "a job output is a reference " + REF_FORM + ", found " + kind(node));
          }
          refs.add(reference(node, pointer, "job output " + k));
        }
        jobOutputs = Optional.of(refs);
      }

      Optional<GraphCheck.Problem> problem = GraphCheck.firstProblem(tasks, jobOutputs);
      if (problem.isPresent()) {
        throw at(problem.get().pointer(), problem.get().message());
      }
      Optional<TerminationTask> commit = termination(root, "commit");
      Optional<TerminationTask> cleanup = termination(root, "cleanup");
      return new JobSpec(name, tasks, jobOutputs, commit, cleanup, failurePolicy);
    }

    private TaskSpec task(JsonNode node, String pointer, int index) throws JobFileException {
      String what = "task " + index;
      if (!node.isObject()) {
        throw at(
            pointer,
            what
                + " must be an object with \"id\", \"package\", \"task\" and"
                + " \"inputs\", found "
                + kind(node));
      }
      if (node.path("id").isTextual()) {
        what = "task '" + node.get("id").textValue() + "'";
      }
      checkFields(node, pointer, what, TASK_FIELDS, Set.of("id", "package", "task"));
      String id = requiredString(node, pointer, "id");
      Optional<String> idProblem = TaskSpec.checkId(id);
      if (idProblem.isPresent()) {
        throw at(pointer + "/id", idProblem.get());
      }
      optionalString(node, pointer, "description");
      TaskFunction function = function(node, pointer);

      List<Input> inputs = new ArrayList<>();
      JsonNode inputsNode = node.get("inputs");
      if (inputsNode != null) {
        if (!inputsNode.isArray()) {
          throw at(
              pointer + "/inputs",
              "\"inputs\" of " + what + " must be an array, found " + kind(inputsNode));
        }
        for (int j = 0; j < inputsNode.size(); j++) {
          inputs.add(
              input(inputsNode.get(j), pointer + "/inputs/" + j, "input " + j + " of " + what));
        }
      }

      Optional<List<TdlType>> outputTypes = Optional.empty();
      JsonNode outputsNode = node.get("outputs");
      if (outputsNode != null) {
        if (!outputsNode.isArray()) {
          throw at(
              pointer + "/outputs",
              "\"outputs\" of "
                  + what
                  + " must be an array of type names,"
                  + " e.g. [\"int64\"], found "
                  + kind(outputsNode));
        }
        List<TdlType> types = new ArrayList<>();
        for (int k = 0; k < outputsNode.size(); k++) {
          types.add(
              type(outputsNode.get(k), pointer + "/outputs/" + k, "output " + k + " of " + what));
        }
        outputTypes = Optional.of(types);
      }
      return new TaskSpec(id, function, inputs, outputTypes, policy(node, pointer, what));
    }

    private Optional<TerminationTask> termination(JsonNode root, String field)
        throws JobFileException {
      JsonNode node = root.get(field);
      if (node == null) {
        return Optional.empty();
      }
      String pointer = "/" + field;
      String what = "the " + field + " task";
      if (!node.isObject()) {
        throw at(
            pointer,
            "\""
                + field
                + "\" must be an object with \"package\" and \"task\", found "
                + kind(node));
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (name.equals("inputs") || name.equals("outputs")) {
          throw atKey(
              pointer + "/" + name,
              what
                  + " takes no "
                  + name
                  + ": "
                  + (field.equals("commit")
                      ? "it receives the job's outputs in its context (choose them with"
                          + " \"job_outputs\")"
                      : "it receives only its context")
                  + "; remove \""
                  + name
                  + "\"");
        }
      }
      checkFields(node, pointer, what, TERMINATION_FIELDS, Set.of("package", "task"));
      optionalString(node, pointer, "description");
      return Optional.of(new TerminationTask(function(node, pointer), policy(node, pointer, what)));
    }

    private TaskFunction function(JsonNode node, String pointer) throws JobFileException {
      String packageName = requiredString(node, pointer, "package");
      if (!PackageName.isValid(packageName)) {
        throw at(
            pointer + "/package",
            "package name \""
                + packageName
                + "\" must be 1 to 128 of"
                + " A-Z a-z 0-9 _ - (the package's directory name in the package directory)");
      }
      String taskName = requiredString(node, pointer, "task");
      if (taskName.isEmpty()) {
        throw at(pointer + "/task", "\"task\" must name a task function of the package");
      }
      return new TaskFunction(packageName, taskName);
    }

    private ExecutionPolicy policy(JsonNode node, String pointer, String what)
        throws JobFileException {
      int maxRetries = 0;
      JsonNode retries = node.get("max_retries");
      if (retries != null) {
        if (!retries.isIntegralNumber()
            || retries.bigIntegerValue().signum() < 0
            || !retries.canConvertToInt()) {
          throw at(
              pointer + "/max_retries",
              "\"max_retries\" of "
                  + what
                  + " must be an integer"
                  + " >= 0 (how many times an environmental failure is retried), found "
                  + retries);
        }
        maxRetries = retries.intValue();
      }
      Duration hard = ExecutionPolicy.DEFAULT_HARD_TIMEOUT;
      boolean hardGiven = node.has("hard_timeout_seconds");
      if (hardGiven) {
        hard = seconds(node.get("hard_timeout_seconds"), pointer + "/hard_timeout_seconds", what);
      }
      Optional<Duration> soft = Optional.empty();
      if (node.has("soft_timeout_seconds")) {
        Duration s =
            seconds(node.get("soft_timeout_seconds"), pointer + "/soft_timeout_seconds", what);
        if (s.compareTo(hard) > 0) {
          throw at(
              pointer + "/soft_timeout_seconds",
              "the soft timeout of "
                  + what
                  + " ("
                  + seconds(s)
                  + ") is after its hard timeout ("
                  + seconds(hard)
                  + (hardGiven ? "" : ", the default")
                  + "); make it shorter or raise"
                  + " \"hard_timeout_seconds\"");
        }
        soft = Optional.of(s);
      }
      return new ExecutionPolicy(new TimeoutPolicy(soft, hard), maxRetries);
    }

    private Duration seconds(JsonNode node, String pointer, String what) throws JobFileException {
      String field = pointer.substring(pointer.lastIndexOf('/') + 1);
      if (!node.isNumber() || node.decimalValue().signum() <= 0) {
        throw at(
            pointer,
            "\""
                + field
                + "\" of "
                + what
                + " must be a number of seconds > 0,"
                + " e.g. 1.5, found "
                + node);
      }
      BigDecimal nanos = node.decimalValue().movePointRight(9);
      if (nanos.compareTo(BigDecimal.ONE) < 0
          || nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
        throw at(
            pointer,
            "\""
                + field
                + "\" of "
                + what
                + " is out of range: between 1e-9 and"
                + " about 9.2e9 seconds, found "
                + node);
      }
      return Duration.ofNanos(nanos.longValue());
    }

    private static String seconds(Duration duration) {
      return BigDecimal.valueOf(duration.toNanos())
              .movePointLeft(9)
              .stripTrailingZeros()
              .toPlainString()
          + " s";
    }

    private Input input(JsonNode node, String pointer, String what) throws JobFileException {
      if (!node.isObject()) {
        throw at(
            pointer,
            what
                + " must be a literal "
                + LITERAL_FORM
                + " or a reference "
                + REF_FORM
                + ", found "
                + kind(node));
      }
      boolean ref = node.has("ref");
      boolean literal = node.has("type") || node.has("value");
      if (ref && literal) {
        String field = node.has("type") ? "type" : "value";
        throw atKey(
            pointer + "/" + field,
            what
                + " is either a literal "
                + LITERAL_FORM
                + " or a reference "
                + REF_FORM
                + ", not both");
      }
      if (ref) {
        return reference(node, pointer, what);
      }
      if (!literal) {
        throw at(
            pointer, what + " must be a literal " + LITERAL_FORM + " or a reference " + REF_FORM);
      }
      checkFields(node, pointer, what, LITERAL_FIELDS, LITERAL_FIELDS);
      TdlType type = type(node.get("type"), pointer + "/type", "the type of " + what);
      try {
        return Literal.of(type, node.get("value"));
      } catch (InvalidLiteralException e) {
        throw at(
            pointer + "/value" + e.pointer(),
            "the value of " + what + " does not fit its" + " type " + type + ": " + e.problem());
      }
    }

    private OutputRef reference(JsonNode node, String pointer, String what)
        throws JobFileException {
      checkFields(node, pointer, what, REF_FIELDS, Set.of("ref"));
      String task = requiredString(node, pointer, "ref");
      int output = 0;
      JsonNode outputNode = node.get("output");
      if (outputNode != null) {
        if (!outputNode.isIntegralNumber()
            || outputNode.bigIntegerValue().signum() < 0
            || !outputNode.canConvertToInt()) {
          throw at(
              pointer + "/output",
              "\"output\" of " + what + " must be an output index >= 0," + " found " + outputNode);
        }
        output = outputNode.intValue();
      }
      return new OutputRef(task, output);
    }

    private TdlType type(JsonNode node, String pointer, String what) throws JobFileException {
      if (!node.isTextual()) {
        throw at(
            pointer,
            what
                + " must be a type name such as \"int64\" or \"list<string>\", found "
                + kind(node));
      }
      try {
        return TdlType.parse(node.textValue());
      } catch (IllegalArgumentException e) {
        throw at(pointer, e.getMessage());
      }
    }

    private void checkFields(
        JsonNode object, String pointer, String what, Set<String> allowed, Set<String> required)
        throws JobFileException {
      for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!allowed.contains(name)) {
          String suggestion =
              closest(name, allowed).map(s -> "did you mean \"" + s + "\"? ").orElse("");
          throw atKey(
              pointer + "/" + LocatedJson.escape(name),
              "unknown field \""
                  + name
                  + "\" in "
                  + what
                  + "; "
                  + suggestion
                  + "the fields are "
                  + String.join(", ", allowed));
        }
      }
      for (String name : required) {
        if (!object.has(name)) {
          throw at(pointer, what + " has no \"" + name + "\" field; add one");
        }
      }
    }

    private String requiredString(JsonNode object, String pointer, String field)
        throws JobFileException {
      JsonNode node = object.get(field);
      if (node == null || !node.isTextual()) {
        throw at(
            pointer + "/" + field,
            "\"" + field + "\" must be a string, found " + (node == null ? "nothing" : kind(node)));
      }
      return node.textValue();
    }

    private Optional<String> optionalString(JsonNode object, String pointer, String field)
        throws JobFileException {
      return object.has(field)
          ? Optional.of(requiredString(object, pointer, field))
          : Optional.empty();
    }

    private JobFileException at(String pointer, String problem) {
      Place place = json.valueAt(pointer);
      return new JobFileException(source, place.line(), place.column(), problem);
    }

    private JobFileException atKey(String pointer, String problem) {
      Place place = json.keyAt(pointer);
      return new JobFileException(source, place.line(), place.column(), problem);
    }
  }

  private static String kind(JsonNode node) {
    String text = node.toString();
    String shown = text.length() <= 30 ? text : text.substring(0, 27) + "...";
    if (node.isObject()) return "an object";
    if (node.isArray()) return node.isEmpty() ? "an empty array" : "an array";
    if (node.isTextual()) return "the string " + shown;
    if (node.isNumber()) return "the number " + shown;
    if (node.isBoolean()) return shown;
    return "null";
  }

  /** The allowed name within edit distance 2 of {@code name}, if there is one. */
  private static Optional<String> closest(String name, Set<String> allowed) {
    String best = null;
    int bestDistance = 3;
    for (String candidate : allowed) {
      int d = distance(name, candidate);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
