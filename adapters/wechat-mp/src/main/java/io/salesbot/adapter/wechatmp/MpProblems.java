package io.salesbot.adapter.wechatmp;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** RFC 9457 problems for the callback endpoints; never a stack trace. */
final class MpProblems {
  private MpProblems() {}

  static Mono<ServerResponse> of(HttpStatus status, String type, String detail) {
    ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
    p.setType(URI.create("https://salesbot.io/problems/" + type));
    p.setTitle(status.getReasonPhrase());
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(p);
  }
}
