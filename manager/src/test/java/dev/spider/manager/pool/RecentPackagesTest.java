package dev.spider.manager.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecentPackagesTest {

  @Test
  void newNamesAreReportedOnceAndListedMostRecentFirst() {
    RecentPackages recent = new RecentPackages();
    assertTrue(recent.touch("alpha"));
    assertTrue(recent.touch("beta"));
    assertFalse(recent.touch("alpha"), "known already");
    assertEquals(List.of("alpha", "beta"), recent.snapshot());
  }

  @Test
  void theLeastRecentlyUsedIsForgottenPastTheBound() {
    RecentPackages recent = new RecentPackages();
    List<String> names = new ArrayList<>();
    for (int i = 0; i <= RecentPackages.MAX; i++) {
      names.add("p" + i);
    }
    names.forEach(recent::touch);
    recent.touch("p0"); // p0 used again: p1 is now the least recent
    assertTrue(recent.touch("extra"));
    List<String> kept = recent.snapshot();
    assertEquals(RecentPackages.MAX, kept.size(), kept::toString);
    assertEquals("extra", kept.get(0));
    assertTrue(kept.contains("p0"), kept::toString);
    assertFalse(kept.contains("p1"), kept::toString);
  }

  @Test
  void namesTheExecutorRefusesAreNotKeptAndForgottenNamesGo() {
    RecentPackages recent = new RecentPackages();
    assertFalse(recent.touch("../etc"));
    assertFalse(recent.touch(""));
    recent.touch("gamma");
    recent.forget("gamma");
    assertEquals(List.of(), recent.snapshot());
    assertTrue(recent.touch("gamma"), "new again once forgotten");
  }
}
