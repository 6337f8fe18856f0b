package dev.spider.cli.jobfile;

import static dev.spider.cli.jobfile.FieldReader.kind;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableSet;
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
import dev.spider.manager.client.TaskFunction;
import dev.spider.protocol.PackageName;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One parse of a job file, from its JSON document to a {@link JobSpec}, in the format of
 * docs/job-files.md: the job, its tasks, their inputs (literals and references) and output types,
 * the commit and cleanup tasks. Field-level rules and error places are the {@link FieldReader}'s,
 * execution policies the {@link PolicyReader}'s, graph rules {@link GraphCheck}'s.
 *
 * <p>Immutable; one per parse.
 */
final class JobFileReader {

  private static final Set<String> JOB_FIELDS =
      ImmutableSet.of(
          "name", "description", "on_failure", "tasks", "job_outputs", "commit", "cleanup");
  private static final Set<String> TASK_FIELDS =
      ImmutableSet.of(
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
      ImmutableSet.of(
          "description",
          "package",
          "task",
          "max_retries",
          "hard_timeout_seconds",
          "soft_timeout_seconds");
  private static final Set<String> LITERAL_FIELDS = ImmutableSet.of("type", "value");
  private static final Set<String> REF_FIELDS = ImmutableSet.of("ref", "output");

  /**
   * How deep types may nest ({@code list<list<int64>>} is 2). The type parser and the literal
   * converter recurse once per level, so the bound keeps them far from the stack limit
   * (docs/job-files.md, "Limits").
   */
  static final int MAX_TYPE_DEPTH = 32;

  private static final String LITERAL_FORM = "{\"type\": \"int64\", \"value\": 10}";
  private static final String REF_FORM = "{\"ref\": \"<task id>\", \"output\": 0}";

  private final FieldReader fields;
  private final String defaultName;

  private JobFileReader(FieldReader fields, String defaultName) {
    this.fields = fields;
    this.defaultName = defaultName;
  }

  /**
   * Reads a job from the text of a job file.
   *
   * @param source the file as the user named it, for messages
   * @param defaultName the job's name unless the file gives one
   * @throws JobFileException when the text is not a valid job
   */
  static JobSpec read(String source, String defaultName, String text) throws JobFileException {
    LocatedJson json;
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
    } catch (LocatedJson.TooDeepException e) {
      throw new JobFileException(source, e.place.line(), e.place.column(), e.getMessage());
    }
    return new JobFileReader(new FieldReader(source, json), defaultName).job(json.root());
  }

  /** The job of a job file's root value. */
  private JobSpec job(JsonNode root) throws JobFileException {
    if (!root.isObject()) {
      throw fields.at(
          "", "a job file holds one JSON object, {\"tasks\": [...]}, not " + kind(root));
    }
    fields.checkFields(root, "", "the job", JOB_FIELDS, Set.of("tasks"));
    fields.optionalString(root, "", "description");
    String name = fields.optionalString(root, "", "name").orElse(defaultName);
    FailurePolicy failurePolicy = FailurePolicy.FAIL_FAST;
    Optional<String> onFailure = fields.optionalString(root, "", "on_failure");
    if (onFailure.isPresent()) {
      try {
        failurePolicy = FailurePolicy.fromFileName(onFailure.get());
      } catch (IllegalArgumentException e) {
        throw fields.at("/on_failure", e.getMessage());
      }
    }

    JsonNode tasksNode = root.get("tasks");
    if (!tasksNode.isArray() || tasksNode.isEmpty()) {
      throw fields.at(
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
        throw fields.at(
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
          throw fields.at(
              pointer, "a job output is a reference " + REF_FORM + ", found " + kind(node));
        }
        refs.add(reference(node, pointer, "job output " + k));
      }
      jobOutputs = Optional.of(refs);
    }

    Optional<GraphCheck.Problem> problem = GraphCheck.firstProblem(tasks, jobOutputs);
    if (problem.isPresent()) {
      throw fields.at(problem.get().pointer(), problem.get().message());
    }
    Optional<TerminationTask> commit = termination(root, "commit");
    Optional<TerminationTask> cleanup = termination(root, "cleanup");
    return new JobSpec(name, tasks, jobOutputs, commit, cleanup, failurePolicy);
  }

  private TaskSpec task(JsonNode node, String pointer, int index) throws JobFileException {
    String what = "task " + index;
    if (!node.isObject()) {
      throw fields.at(
          pointer,
          what
              + " must be an object with \"id\", \"package\", \"task\" and"
              + " \"inputs\", found "
              + kind(node));
    }
    if (node.path("id").isTextual()) {
      what = "task '" + node.get("id").textValue() + "'";
    }
    fields.checkFields(node, pointer, what, TASK_FIELDS, Set.of("id", "package", "task"));
    String id = fields.requiredString(node, pointer, "id");
    Optional<String> idProblem = TaskSpec.checkId(id);
    if (idProblem.isPresent()) {
      throw fields.at(pointer + "/id", idProblem.get());
    }
    fields.optionalString(node, pointer, "description");
    TaskFunction function = function(node, pointer);

    List<Input> inputs = new ArrayList<>();
    JsonNode inputsNode = node.get("inputs");
    if (inputsNode != null) {
      if (!inputsNode.isArray()) {
        throw fields.at(
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
        throw fields.at(
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
    return new TaskSpec(
        id, function, inputs, outputTypes, PolicyReader.policy(fields, node, pointer, what));
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
      throw fields.at(
          pointer,
          "\"" + field + "\" must be an object with \"package\" and \"task\", found " + kind(node));
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (name.equals("inputs") || name.equals("outputs")) {
        throw fields.atKey(
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
    fields.checkFields(node, pointer, what, TERMINATION_FIELDS, Set.of("package", "task"));
    fields.optionalString(node, pointer, "description");
    return Optional.of(
        new TerminationTask(
            function(node, pointer), PolicyReader.policy(fields, node, pointer, what)));
  }

  private TaskFunction function(JsonNode node, String pointer) throws JobFileException {
    String packageName = fields.requiredString(node, pointer, "package");
    if (!PackageName.isValid(packageName)) {
      throw fields.at(
          pointer + "/package",
          "package name \""
              + packageName
              + "\" must be 1 to 128 of"
              + " A-Z a-z 0-9 _ - (the package's directory name in the package directory)");
    }
    String taskName = fields.requiredString(node, pointer, "task");
    if (taskName.isEmpty()) {
      throw fields.at(pointer + "/task", "\"task\" must name a task function of the package");
    }
    return new TaskFunction(packageName, taskName);
  }

  private Input input(JsonNode node, String pointer, String what) throws JobFileException {
    if (!node.isObject()) {
      throw fields.at(
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
      throw fields.atKey(
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
      throw fields.at(
          pointer, what + " must be a literal " + LITERAL_FORM + " or a reference " + REF_FORM);
    }
    fields.checkFields(node, pointer, what, LITERAL_FIELDS, LITERAL_FIELDS);
    TdlType type = type(node.get("type"), pointer + "/type", "the type of " + what);
    try {
      return Literal.of(type, node.get("value"));
    } catch (InvalidLiteralException e) {
      throw fields.at(
          pointer + "/value" + e.pointer(),
          "the value of " + what + " does not fit its" + " type " + type + ": " + e.problem());
    }
  }

  private OutputRef reference(JsonNode node, String pointer, String what) throws JobFileException {
    fields.checkFields(node, pointer, what, REF_FIELDS, Set.of("ref"));
    String task = fields.requiredString(node, pointer, "ref");
    int output = 0;
    JsonNode outputNode = node.get("output");
    if (outputNode != null) {
      if (!outputNode.isIntegralNumber()
          || outputNode.bigIntegerValue().signum() < 0
          || !outputNode.canConvertToInt()) {
        throw fields.at(
            pointer + "/output",
            "\"output\" of " + what + " must be an output index >= 0," + " found " + outputNode);
      }
      output = outputNode.intValue();
    }
    return new OutputRef(task, output);
  }

  private TdlType type(JsonNode node, String pointer, String what) throws JobFileException {
    if (!node.isTextual()) {
      throw fields.at(
          pointer,
          what + " must be a type name such as \"int64\" or \"list<string>\", found " + kind(node));
    }
    int depth = typeDepth(node.textValue());
    if (depth > MAX_TYPE_DEPTH) {
      throw fields.at(
          pointer,
          what
              + " nests "
              + depth
              + " types deep, more than the "
              + MAX_TYPE_DEPTH
              + " allowed; a task's inputs and outputs need far fewer");
    }
    try {
      return TdlType.parse(node.textValue());
    } catch (IllegalArgumentException e) {
      throw fields.at(pointer, e.getMessage());
    }
  }

  /** How deep {@code list<...>}, {@code map<..., ...>} and {@code option<...>} nest in a type. */
  private static int typeDepth(String type) {
    int depth = 0;
    int max = 0;
    for (int i = 0; i < type.length(); i++) {
      char c = type.charAt(i);
      if (c == '<') {
        max = Math.max(max, ++depth);
      } else if (c == '>') {
        depth--;
      }
    }
    return max;
  }
}
