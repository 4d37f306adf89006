package io.salesbot.server.devservices;

import org.jspecify.annotations.Nullable;

/**
 * An embedded dev service could not start; the message says what went wrong and {@link #action()}
 * what to change.
 */
public class DevServicesException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String problem;
  private final String action;

  /**
   * Creates the exception.
   *
   * @param problem what went wrong, in one or two sentences
   * @param action what the user can change to fix it
   * @param cause the underlying failure, kept for debugging
   */
  public DevServicesException(String problem, String action, @Nullable Throwable cause) {
    super(problem + " To fix: " + action, cause);
    this.problem = problem;
    this.action = action;
  }

  /** Creates the exception without an underlying cause. */
  public DevServicesException(String problem, String action) {
    this(problem, action, null);
  }

  /** What went wrong. */
  public String problem() {
    return problem;
  }

  /** What the user can change to fix it. */
  public String action() {
    return action;
  }
}
