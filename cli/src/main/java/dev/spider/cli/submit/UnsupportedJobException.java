package dev.spider.cli.submit;

import java.util.Objects;

/**
 * A job that upstream's task graph cannot express, refused before anything is sent: the message
 * names the job and the offending task or field, says why, and how to restructure the job (or to
 * run it locally). One line, ready to show.
 *
 * <p>Immutable.
 */
public final class UnsupportedJobException extends Exception {

  private static final long serialVersionUID = 1L;

  private final String job;
  private final String problem;

  /**
   * @param job the job's name
   * @param problem what cannot be expressed and how to restructure it
   */
  public UnsupportedJobException(String job, String problem) {
    super(
        "job '"
            + Objects.requireNonNull(job, "job")
            + "' cannot run on a cluster: "
            + Objects.requireNonNull(problem, "problem"));
    this.job = job;
    this.problem = problem;
  }

  /** The job's name. */
  public String job() {
    return job;
  }

  /** What cannot be expressed and how to restructure it, without the job's name. */
  public String problem() {
    return problem;
  }
}
