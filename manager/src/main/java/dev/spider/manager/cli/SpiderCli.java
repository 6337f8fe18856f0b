package dev.spider.manager.cli;

import java.io.PrintStream;

/**
 * The {@code spider} command line. The execution manager and its commands are not built yet; until
 * they are, every command says so plainly and exits 0, so scripts that call it keep working.
 */
public final class SpiderCli {

  private SpiderCli() {}

  public static void main(String[] args) {
    PrintStream out = System.out;
    String command = args.length == 0 ? "demo" : args[0];
    out.println("spider " + command + ": not available yet.");
    out.println("This build contains the executor (executor/target/spider-executor) and the sample");
    out.println("packages (sample-tasks/target/packages/); the execution manager and the spider");
    out.println("commands (demo, exec, run, packages) come in a later release.");
  }
}
