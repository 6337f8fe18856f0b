package dev.spider.samples.standalone;

import dev.spider.tdl.Task;
import dev.spider.tdl.TaskContext;
import dev.spider.tdl.TaskPackage;

/**
 * The smallest useful task package, built outside the Spider build with only tdl-api: it proves
 * that a package author needs nothing else. Deployed as {@code standalone_example}.
 */
public final class StandaloneExample implements TaskPackage {

  @Override
  public String name() {
    return "standalone_example";
  }

  /** Greets {@code name}: one string in, one string out. */
  @Task("greet")
  public String greet(TaskContext context, String name) {
    return "hello, " + name;
  }
}
