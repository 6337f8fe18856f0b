package dev.spider.manager.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spider.manager.client.SessionId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

final class StaleSessionTextTest {

  @Test
  void storagesTextGivesItsSession() {
    assertEquals(
        Optional.of(new SessionId(12)),
        StaleSessionText.currentSession("stale session; current storage session is 12"));
  }

  @Test
  void theSessionIsUnsigned() {
    assertEquals(
        Optional.of(new SessionId(-1L)),
        StaleSessionText.currentSession(
            "stale session; current storage session is 18446744073709551615"));
  }

  @Test
  void textWithoutTheNumberGivesNothing() {
    assertEquals(Optional.empty(), StaleSessionText.currentSession("stale session"));
    assertEquals(Optional.empty(), StaleSessionText.currentSession(""));
    assertEquals(
        Optional.empty(), StaleSessionText.currentSession("current storage session is unknown"));
  }

  @Test
  void aNumberBeyondU64GivesNothing() {
    assertEquals(
        Optional.empty(),
        StaleSessionText.currentSession("current storage session is 18446744073709551616"));
    assertEquals(
        Optional.empty(),
        StaleSessionText.currentSession("current storage session is 123456789012345678901"));
  }
}
