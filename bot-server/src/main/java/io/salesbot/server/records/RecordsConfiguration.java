package io.salesbot.server.records;

import io.salesbot.core.Salesbot;
import io.salesbot.server.config.SalesbotProperties;
import io.swagger.v3.oas.annotations.Operation;
import java.time.Clock;
import org.springdoc.core.annotations.RouterOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.ObjectMapper;

/** The record API's handler and route (issue 14). */
@Configuration(proxyBeanMethods = false)
public class RecordsConfiguration {
  @Bean
  RecordsHandler recordsHandler(
      Salesbot salesbot, SalesbotProperties properties, ObjectMapper objectMapper, Clock clock) {
    return new RecordsHandler(salesbot.ingestRecord(), properties.intake(), objectMapper, clock);
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
