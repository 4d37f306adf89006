package io.salesbot.server.evidence;

import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.stage.EvidenceLinks;
import io.salesbot.core.stage.EvidenceStore;
import io.salesbot.server.web.Problems;
import java.time.Clock;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * {@code GET /evidence/{id}?exp=&sig=}: the evidence file, for whoever holds a link salesbot signed
 * and that has not expired (deal cards show such links to the deal's owner and managers). A wrong
 * signature is 403, an expired link 410, both problem+json and never the file.
 */
final class EvidenceDownloads {
  private final EvidenceLinks links;
  private final EvidenceStore evidence;
  private final EvidenceFiles files;
  private final Clock clock;

  EvidenceDownloads(EvidenceLinks links, EvidenceStore evidence, EvidenceFiles files, Clock clock) {
    this.links = links;
    this.evidence = evidence;
    this.files = files;
    this.clock = clock;
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route().GET("/evidence/{id}", this::download).build();
  }

  private Mono<ServerResponse> download(ServerRequest request) {
    String id = request.pathVariable("id");
    String exp = request.queryParam("exp").orElse("");
    String sig = request.queryParam("sig").orElse("");
    if (exp.isEmpty() || sig.isEmpty()) {
      return Problems.of(
          HttpStatus.FORBIDDEN,
          "unsigned-link",
          "链接缺少签名，请从商机卡片打开。The link is not signed; open it from the deal card.");
    }
    return switch (links.check(id, exp, sig, clock.instant())) {
      case BAD_SIGNATURE ->
          Problems.of(
              HttpStatus.FORBIDDEN,
              "bad-signature",
              "链接无效（签名不符），请从商机卡片重新打开。The link's signature is wrong; open it again from the"
                  + " deal card.");
      case EXPIRED ->
          Problems.of(
              HttpStatus.GONE,
              "link-expired",
              "链接已过期，请发送 /deal 获取新的链接。The link has expired; send /deal for a new one.");
      case VALID -> serve(id);
    };
  }

  private Mono<ServerResponse> serve(String id) {
    return evidence
        .find(id)
        .filter(e -> e.file() != null)
        .flatMap(
            e ->
                files
                    .open(e.file())
                    .flatMap(
                        bytes -> {
                          String name = e.fileName() == null ? e.file() : e.fileName();
                          return ServerResponse.ok()
                              .contentType(mediaType(e.contentType()))
                              .header(
                                  HttpHeaders.CONTENT_DISPOSITION,
                                  ContentDisposition.attachment()
                                      .filename(name, java.nio.charset.StandardCharsets.UTF_8)
                                      .build()
                                      .toString())
                              .header("X-Content-Type-Options", "nosniff")
                              .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                              .bodyValue(bytes);
                        }))
        .switchIfEmpty(
            Mono.defer(
                () ->
                    Problems.of(
                        HttpStatus.NOT_FOUND,
                        "no-evidence-file",
                        "找不到这个佐证文件。No such evidence file.")));
  }

  private static MediaType mediaType(String type) {
    try {
      return type == null ? MediaType.APPLICATION_OCTET_STREAM : MediaType.parseMediaType(type);
    } catch (RuntimeException e) {
      return MediaType.APPLICATION_OCTET_STREAM;
    }
  }
}
