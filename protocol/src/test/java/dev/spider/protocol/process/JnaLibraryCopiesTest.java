package dev.spider.protocol.process;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which files in the directory of copies JNA loads by name, and by which name. */
class JnaLibraryCopiesTest {

  @Test
  void aLibraryFileIsLoadedByItsNameButJnasOwnDispatchLibrary() {
    assertEquals(Optional.of("spidertdlshim"), JnaLibraryCopies.libraryName("libspidertdlshim.so"));
    assertEquals(Optional.of("a"), JnaLibraryCopies.libraryName("liba.so"));
    assertEquals("libjnidispatch.so", JnaLibraryCopies.DISPATCH_FILE);
    for (String notOne :
        new String[] {
          "libjnidispatch.so",
          "lib.so",
          "notes.txt",
          "libb.so.tmp",
          "spidertdlshim.so",
          "libx/liby.so"
        }) {
      assertEquals(Optional.empty(), JnaLibraryCopies.libraryName(notOne), notOne);
    }
  }
}
