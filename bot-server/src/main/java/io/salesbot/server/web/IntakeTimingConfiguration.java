package io.salesbot.server.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code http.server.requests} of {@code POST /api/v1/leads} timed by {@link IntakeRequestTimer}
 * instead of Spring's observation (Spring Boot applies every {@link ObservationPredicate} bean).
 */
@Configuration(proxyBeanMethods = false)
class IntakeTimingConfiguration {
  @Bean
  IntakeRequestTimer intakeRequestTimer(MeterRegistry meters) {
    return new IntakeRequestTimer(meters);
  }

  @Bean
  ObservationPredicate intakeSkipsObservation() {
    return IntakeRequestTimer.skipsObservation();
  }
}
