package dev.spider.executor.runtime;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitsTest {

  @Test
  void aFullHeapIsHeapExhaustion() {
    assertTrue(Exits.isHeapExhaustion(new OutOfMemoryError("Java heap space")));
    assertTrue(Exits.isHeapExhaustion(new OutOfMemoryError("GC overhead limit exceeded")));
    assertTrue(Exits.isHeapExhaustion(new OutOfMemoryError()));
  }

  @Test
  void aThreadThatCannotBeCreatedIsNotHeapExhaustion() {
    // Status 3 says "raise the executor heap": wrong advice for a thread or address-space limit.
    assertFalse(
        Exits.isHeapExhaustion(
            new OutOfMemoryError("unable to create native thread: possibly out of memory")));
    assertFalse(Exits.isHeapExhaustion(new StackOverflowError()));
    assertFalse(Exits.isHeapExhaustion(new IllegalStateException("boom")));
  }
}
