package dev.spider.protocol;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of failure an executor reports in a Result, with their wire names. */
public enum ErrorKind {
  INVALID_REQUEST("InvalidRequest"),
  INVALID_PACKAGE_NAME("InvalidPackageName"),
  PACKAGE_NOT_FOUND("PackageNotFound"),
  AMBIGUOUS_PACKAGE("AmbiguousPackage"),
  INVALID_LIBRARY("InvalidLibrary"),
  INCOMPATIBLE_VERSION("IncompatibleVersion"),
  DUPLICATE_PACKAGE("DuplicatePackage"),
  PACKAGE_NAME_MISMATCH("PackageNameMismatch"),
  PACKAGE_INIT_ERROR("PackageInitError"),
  TASK_ERROR("TaskError"),
  UNCAUGHT_EXCEPTION("UncaughtException"),
  INTERRUPTED("Interrupted"),
  OUTPUT_TOO_LARGE("OutputTooLarge"),
  ERROR_PAYLOAD_DESERIALIZATION_FAILURE("ErrorPayloadDeserializationFailure"),
  INVALID_UTF8("InvalidUtf8");

  private final String wireName;

  ErrorKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<ErrorKind> fromWireName(String name) {
    return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
  }
}
