package io.salesbot.core.score.domain;

/**
 * A scorecard model that cannot be used, with the path of the offending setting relative to the
 * model (e.g. {@code axes[0].dimensions[2].weight}), so that configuration can name the property.
 */
public final class InvalidScorecardException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String path;
  private final String problem;

  public InvalidScorecardException(String path, String problem) {
    super(path + ": " + problem);
    this.path = path;
    this.problem = problem;
  }

  /** Where, relative to the model, e.g. {@code axes[1].weight}. */
  public String path() {
    return path;
  }

  /** What is wrong and how to fix it. */
  public String problem() {
    return problem;
  }
}
