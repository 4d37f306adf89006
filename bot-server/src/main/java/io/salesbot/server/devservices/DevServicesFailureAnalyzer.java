package io.salesbot.server.devservices;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a {@link DevServicesException} into Spring Boot's short start-up failure report. */
class DevServicesFailureAnalyzer extends AbstractFailureAnalyzer<DevServicesException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, DevServicesException cause) {
    return new FailureAnalysis(cause.problem(), cause.action(), cause);
  }
}
