package io.salesbot.bench.bare;

import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The intake benchmark's yardstick: what Spring WebFlux costs with nothing of salesbot in it.
 * {@code POST /api/v1/leads} reads the body, parses it as JSON (Jackson, like salesbot's intake),
 * reads the name and phone, and answers 202 {@code {"intakeId": …}} — no signature, no validation,
 * no Redis, nothing stored. {@code GET /actuator/health} answers UP, so the benchmark scripts can
 * wait for it like for salesbot.
 */
@SpringBootApplication
public class BareWebflux {
  public static void main(String[] args) {
    SpringApplication.run(BareWebflux.class, args);
  }

  @Bean
  RouterFunction<ServerResponse> routes(ObjectMapper json) {
    return RouterFunctions.route()
        .POST(
            "/api/v1/leads",
            request ->
                request
                    .bodyToMono(byte[].class)
                    .flatMap(
                        body -> {
                          JsonNode lead = json.readTree(body);
                          if (lead == null
                              || !lead.isObject()
                              || lead.path("name").asString("").isEmpty()
                              || lead.path("phone").asString("").isEmpty()) {
                            return ServerResponse.badRequest().build();
                          }
                          return ServerResponse.accepted()
                              .contentType(MediaType.APPLICATION_JSON)
                              .bodyValue(Map.of("intakeId", UUID.randomUUID().toString()));
                        }))
        .GET(
            "/actuator/health",
            request ->
                ServerResponse.ok()
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("status", "UP")))
        .build();
  }
}
