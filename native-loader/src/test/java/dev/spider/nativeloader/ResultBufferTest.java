package dev.spider.nativeloader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A result buffer is released exactly once whatever happens, and never when it is not a buffer
 * (zero length, null pointer). Runs on JNA memory with a recording release, no package needed.
 */
class ResultBufferTest {

  private static final byte[] CONTENT = {1, 2, 3, 4, 5};

  /** One call of the release function. */
  private record Released(boolean isError, long address, long length) {}

  private final List<Released> releases = new ArrayList<>();
  private final ResultBuffer.Release recording =
      (isError, address, length) -> releases.add(new Released(isError, address, length));

  private Memory memory;
  private long address;

  @BeforeEach
  void allocate() {
    memory = new Memory(CONTENT.length);
    memory.write(0, CONTENT, 0, CONTENT.length);
    address = Pointer.nativeValue(memory);
  }

  @AfterEach
  void free() {
    memory.close();
  }

  @Test
  void takeCopiesTheBufferThenReleasesItOnce() {
    TakenResult result = ResultBuffer.take(false, address, CONTENT.length, recording);
    assertArrayEquals(CONTENT, assertInstanceOf(TakenResult.Copied.class, result).bytes());
    assertEquals(List.of(new Released(false, address, CONTENT.length)), releases);
  }

  @Test
  void anErrorBufferIsReleasedAsAnError() {
    TakenResult result = ResultBuffer.take(true, address, CONTENT.length, recording);
    assertTrue(result.isError());
    assertEquals(List.of(new Released(true, address, CONTENT.length)), releases);
  }

  @Test
  void aZeroLengthBufferIsNeitherReadNorReleased() {
    // A dangling pointer, as Rust hands out for empty boxes: reading or freeing it would crash.
    TakenResult result = ResultBuffer.take(false, 1, 0, recording);
    assertArrayEquals(new byte[0], assertInstanceOf(TakenResult.Copied.class, result).bytes());
    assertEquals(List.of(), releases);
  }

  @Test
  void aNullPointerIsNeitherReadNorReleased() {
    TakenResult result = ResultBuffer.take(true, 0, 7, recording);
    assertEquals(new TakenResult.NullPointer(true, 7), result);
    assertEquals(List.of(), releases);
  }

  @Test
  void aBufferTooLargeToCopyIsReleasedOnceUncopied() {
    // Lengths the memory does not have: a copy attempt would read far beyond it.
    long tooLong = NativePackage.MAX_RESULT_BYTES + 1L;
    assertEquals(
        new TakenResult.TooLarge(false, tooLong),
        ResultBuffer.take(false, address, tooLong, recording));
    long aboveLongMax = -2; // size_t 2^64 - 2
    assertEquals(
        new TakenResult.TooLarge(true, aboveLongMax),
        ResultBuffer.take(true, address, aboveLongMax, recording));
    assertEquals(
        List.of(new Released(false, address, tooLong), new Released(true, address, aboveLongMax)),
        releases);
  }

  @Test
  void closingTwiceReleasesOnce() {
    ResultBuffer buffer = ResultBuffer.adopt(false, address, CONTENT.length, recording);
    buffer.close();
    buffer.close();
    assertEquals(1, releases.size());
  }

  @Test
  void aFailureWhileTheBufferIsOwnedStillReleasesItOnce() {
    IllegalStateException thrown =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (ResultBuffer buffer =
                  ResultBuffer.adopt(false, address, CONTENT.length, recording)) {
                buffer.copy();
                throw new IllegalStateException("failure while owning the buffer");
              }
            });
    assertEquals("failure while owning the buffer", thrown.getMessage());
    assertEquals(List.of(new Released(false, address, CONTENT.length)), releases);
  }

  @Test
  void aReleaseThatThrowsIsNeverRetried() {
    List<Long> attempts = new ArrayList<>();
    IllegalStateException failure = new IllegalStateException("free_result failed");
    ResultBuffer buffer =
        ResultBuffer.adopt(
            false,
            address,
            CONTENT.length,
            (isError, at, length) -> {
              attempts.add(at);
              throw failure;
            });
    assertSame(failure, assertThrows(IllegalStateException.class, buffer::close));
    buffer.close(); // a retry could free the buffer twice
    assertEquals(List.of(address), attempts);
  }

  @Test
  void aReleasedBufferIsNeverRead() {
    ResultBuffer buffer = ResultBuffer.adopt(false, address, CONTENT.length, recording);
    buffer.close();
    IllegalStateException e = assertThrows(IllegalStateException.class, buffer::copy);
    assertTrue(e.getMessage().contains("already released"), e.getMessage());
    assertEquals(1, releases.size());
  }

  @Test
  void onlyRealBuffersCanBeAdopted() {
    IllegalArgumentException empty =
        assertThrows(
            IllegalArgumentException.class, () -> ResultBuffer.adopt(false, 1, 0, recording));
    assertTrue(empty.getMessage().contains("length 0"), empty.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ResultBuffer.adopt(false, 0, 3, recording));
    assertEquals(List.of(), releases);
  }
}
