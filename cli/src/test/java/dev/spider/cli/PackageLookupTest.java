package dev.spider.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.protocol.ErrorKind;
import dev.spider.protocol.ExecutorError;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link PackageLookup}'s suggestions and the declared name of a misnamed package. */
class PackageLookupTest {

  private static final List<String> TASKS = List.of("add", "echo", "fibonacci", "min_max");

  @Test
  void aTypoSuggestsTheNearestName() {
    assertEquals(Optional.of("add"), PackageLookup.nearest("ad", TASKS));
    assertEquals(Optional.of("fibonacci"), PackageLookup.nearest("fibonaci", TASKS));
    assertEquals(Optional.of("min_max"), PackageLookup.nearest("MIN_MAX", TASKS));
    assertEquals("; did you mean 'add'?", PackageLookup.didYouMean("ad", TASKS));
  }

  @Test
  void aNameFarFromEveryKnownOneSuggestsNothing() {
    assertEquals(Optional.empty(), PackageLookup.nearest("sort", TASKS));
    assertEquals(Optional.empty(), PackageLookup.nearest("x", List.of()));
    assertEquals("", PackageLookup.didYouMean("completely_else", TASKS));
  }

  @Test
  void theDeclaredNameIsReadFromBothLoadersMismatchMessages() {
    assertEquals(
        Optional.of("some_other_name"),
        PackageLookup.declaredName(
            ExecutorError.of(
                ErrorKind.PACKAGE_NAME_MISMATCH,
                "package in directory p declares the name \"some_other_name\" (x.Y.name());"
                    + " rename the directory or the package")));
    assertEquals(
        Optional.of("other"),
        PackageLookup.declaredName(
            ExecutorError.of(
                ErrorKind.PACKAGE_NAME_MISMATCH,
                "native package library /p/libp.so declares the name 'other' but was found in"
                    + " the directory 'p'")));
    assertEquals(
        Optional.empty(),
        PackageLookup.declaredName(
            ExecutorError.of(ErrorKind.INVALID_LIBRARY, "declares the name 'other'")));
  }
}
