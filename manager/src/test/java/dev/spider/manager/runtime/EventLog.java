package dev.spider.manager.runtime;

import java.util.ArrayList;
import java.util.List;

/** The order in which the fakes were called, across threads. */
final class EventLog {

  private final List<String> events = new ArrayList<>();

  synchronized void add(String event) {
    events.add(event);
  }

  synchronized List<String> snapshot() {
    return List.copyOf(events);
  }

  /** Index of the first event starting with {@code prefix}, or -1. */
  synchronized int first(String prefix) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }

  /** Index of the last event starting with {@code prefix}, or -1. */
  synchronized int last(String prefix) {
    for (int i = events.size() - 1; i >= 0; i--) {
      if (events.get(i).startsWith(prefix)) {
        return i;
      }
    }
    return -1;
  }
}
