package dev.spider.cli.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@code --storage HOST:PORT}. */
final class StorageAddressTest {

  @Test
  void parsesHostsAndIpLiterals() {
    assertEquals(new StorageAddress("127.0.0.1", 50051), StorageAddress.parse("127.0.0.1:50051"));
    assertEquals(
        new StorageAddress("storage.example", 1), StorageAddress.parse("storage.example:1"));
    assertEquals(new StorageAddress("::1", 65535), StorageAddress.parse("[::1]:65535"));
    assertEquals("[::1]:65535", StorageAddress.parse("[::1]:65535").toString());
  }

  @Test
  void refusesOtherForms() {
    for (String bad :
        new String[] {"localhost", ":50051", "::1:50051", "host:", "host:x", "a:b:1"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> StorageAddress.parse(bad), bad);
      assertEquals(
          "storage address \""
              + bad
              + "\" is not HOST:PORT; write e.g. 127.0.0.1:50051, storage.example:50051 or"
              + " [::1]:50051",
          e.getMessage());
    }
    assertEquals(
        "storage address \"host:70000\": port 70000 is not between 1 and 65535",
        assertThrows(IllegalArgumentException.class, () -> StorageAddress.parse("host:70000"))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> StorageAddress.parse("host:0"));
  }
}
