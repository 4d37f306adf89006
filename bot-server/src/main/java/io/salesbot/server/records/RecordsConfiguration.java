package io.salesbot.server.records;

import io.salesbot.core.Salesbot;
import io.salesbot.server.config.SalesbotProperties;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.annotations.RouterOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.ObjectMapper;

/** The record API's handler and route, and the periodic feed-health check (issue 14). */
@Configuration(proxyBeanMethods = false)
public class RecordsConfiguration {
  private static final Logger LOG = LoggerFactory.getLogger(RecordsConfiguration.class);

  @Bean
  RecordsHandler recordsHandler(
      Salesbot salesbot, SalesbotProperties properties, ObjectMapper objectMapper, Clock clock) {
    return new RecordsHandler(
        salesbot.ingestRecord(), salesbot.feedHealth(), properties.intake(), objectMapper, clock);
  }

  /**
   * Every {@code salesbot.records.feed-health.check-interval}, each instance arms the next
   * data-health card (if not yet) and checks the sources watched for silence and those with a
   * condition up (raising and clearing are told once across instances); a failed check is logged
   * and the next one runs as planned.
   */
  /**
   * Arms the next biweekly data-health card once the application is ready (stored once, however
   * many instances start), retried a few times; if it still fails it is logged, and the periodic
   * feed-health check arms it.
   */
  @Bean
  org.springframework.context.ApplicationListener<
          org.springframework.boot.context.event.ApplicationReadyEvent>
      feedHealthReportArming(Salesbot salesbot) {
    return event ->
        salesbot
            .feedHealth()
            .armReport()
            // the pool may not give a connection yet while the machine is busy starting up
            .retryWhen(reactor.util.retry.Retry.backoff(8, Duration.ofMillis(500)))
            .subscribe(null, e -> LOG.warn("Could not arm the data-health card: {}", e.toString()));
  }

  @Bean(destroyMethod = "dispose")
  Disposable feedHealthChecks(Salesbot salesbot, RecordsProperties records) {
    Duration every = records.feedHealth().checkInterval();
    return Flux.interval(every, every)
        .onBackpressureDrop()
        .concatMap(
            tick ->
                salesbot
                    .feedHealth()
                    .armReport() // again each time: stored once, and armed even if start-up could
                    // not
                    .then(salesbot.feedHealth().checkAll())
                    .onErrorResume(
                        e -> {
                          LOG.warn(
                              "Feed health check failed, next one as planned: {}", e.toString());
                          return Mono.empty();
                        }))
        .subscribe();
  }

  @Bean
  @RouterOperation(
      path = "/api/v1/records",
      method = RequestMethod.POST,
      beanClass = RecordsHandler.class,
      beanMethod = "submit",
      operation =
          @Operation(
              operationId = "submitRecords",
              summary =
                  "Submit up to 1,000 scorecard records (signed like /api/v1/leads; the source"
                      + " needs records: true)",
              description =
                  "200 with one answer per record (accepted, corrected, quarantined, refused,"
                      + " failed); 400/401/403/413/415 as application/problem+json."))
  RouterFunction<ServerResponse> recordsRoutes(RecordsHandler records) {
    return RouterFunctions.route().POST("/api/v1/records", records::submit).build();
  }
}
