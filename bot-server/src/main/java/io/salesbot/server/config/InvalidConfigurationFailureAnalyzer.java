package io.salesbot.server.config;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a configuration mistake into a short start-up message instead of a stack trace. */
public class InvalidConfigurationFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidConfigurationException> {
  @Override
  protected FailureAnalysis analyze(Throwable root, InvalidConfigurationException cause) {
    return new FailureAnalysis(
        "salesbot's configuration is invalid: " + cause.getMessage(),
        "Fix the property '"
            + cause.property()
            + "' in application.yaml, an environment variable or a --"
            + cause.property()
            + "=... argument (docs/configuration.md lists every property).",
        cause);
  }
}
