package dev.spider.executor.packages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.nativeloader.NativeLoadException;
import dev.spider.protocol.ErrorKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each native load failure is reported as the executor error kind docs/native-abi.md ("Error kinds
 * at a glance") names for it, pinned by its wire name.
 */
class NativeTaskPackageTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "INVALID_LIBRARY,       InvalidLibrary",
    "INCOMPATIBLE_VERSION,  IncompatibleVersion",
    "INVALID_UTF8,          InvalidUtf8",
    "PACKAGE_NAME_MISMATCH, PackageNameMismatch",
    "PACKAGE_INIT_ERROR,    PackageInitError",
  })
  void eachLoadFailureIsReportedAsItsErrorKind(NativeLoadException.Kind kind, String wireName) {
    assertEquals(wireName, NativeTaskPackage.errorKind(kind).wireName());
  }

  /** Including kinds added later: each is reported as the executor error kind of its name. */
  @ParameterizedTest
  @EnumSource(NativeLoadException.Kind.class)
  void everyLoadFailureKindMapsToTheSameNamedErrorKind(NativeLoadException.Kind kind) {
    ErrorKind mapped = NativeTaskPackage.errorKind(kind);
    assertEquals(kind.name(), mapped.name());
  }
}
