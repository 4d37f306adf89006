package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.stage.MediaSource;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Files and photos people send the robot, as evidence: {@code picture}, {@code file} and {@code
 * audio} robot messages carry a {@code downloadCode}; {@code POST
 * /v1.0/robot/messageFiles/download} {@code {downloadCode, robotCode}} exchanges it for a temporary
 * {@code downloadUrl}, which is then read (at most the evidence size limit).
 */
final class DingtalkMedia implements MediaSource {
  static final String DOWNLOAD = "/v1.0/robot/messageFiles/download";
  static final Duration GET_TIMEOUT = Duration.ofSeconds(60);

  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  private final DingtalkApi api;
  private final String robotCode;

  DingtalkMedia(DingtalkApi api, String robotCode) {
    this.api = api;
    this.robotCode = robotCode;
  }

  /**
   * A robot message that may be evidence, or null: {@code picture} ({@code content.downloadCode}),
   * {@code file} ({@code content.downloadCode}, {@code content.fileName}), {@code audio} ({@code
   * content.downloadCode}).
   */
  static @Nullable InboundEvent message(
      JsonNode m, String eventId, Address user, String type, Instant now) {
    MediaMessage.Media kind =
        switch (type) {
          case "picture" -> MediaMessage.Media.PHOTO;
          case "file" -> MediaMessage.Media.FILE;
          case "audio" -> MediaMessage.Media.VOICE;
          default -> null;
        };
    if (kind == null) {
      return null;
    }
    String code = DingtalkEvents.text(m.path("content"), "downloadCode").strip();
    if (code.isEmpty() || code.length() > 2048) {
      return null;
    }
    String name = DingtalkEvents.text(m.path("content"), "fileName").strip();
    return new MediaMessage(
        eventId,
        user,
        kind,
        code,
        name.isEmpty() ? null : name,
        null,
        null,
        now,
        DingtalkEvents.group(m));
  }

  @Override
  public String platform() {
    return DingtalkEvents.PLATFORM;
  }

  @Override
  public Mono<Fetch> fetch(MediaMessage message, long maxBytes) {
    String code = message.media();
    if (code == null) {
      return Mono.just(new Fetch.Gone("no download code"));
    }
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("downloadCode", code);
    body.put("robotCode", robotCode);
    return api.call("POST", DOWNLOAD, body)
        .flatMap(
            answer -> {
              String url = DingtalkEvents.text(answer, "downloadUrl");
              if (url.isBlank()) {
                return Mono.<Fetch>just(new Fetch.Gone("no downloadUrl in the answer"));
              }
              return Mono.fromCallable(() -> get(url, maxBytes))
                  .subscribeOn(Schedulers.boundedElastic())
                  .timeout(GET_TIMEOUT);
            })
        .onErrorResume(
            ChatDeliveryException.class,
            e ->
                e.retryable()
                    ? Mono.error(e)
                    : Mono.just(new Fetch.Gone("download refused: " + e.getMessage())));
  }

  /** Reads the temporary link, at most {@code maxBytes + 1} bytes. */
  private static Fetch get(String url, long maxBytes) throws Exception {
    URI uri = URI.create(url);
    if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
      return new Fetch.Gone("not an http(s) download link");
    }
    HttpResponse<InputStream> response =
        HTTP.send(
            HttpRequest.newBuilder(uri).timeout(GET_TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = response.body()) {
      if (response.statusCode() == 403 || response.statusCode() == 404) {
        return new Fetch.Gone("download link answered HTTP " + response.statusCode());
      }
      if (response.statusCode() != 200) {
        throw new java.io.IOException("download link answered HTTP " + response.statusCode());
      }
      long declared = response.headers().firstValueAsLong("Content-Length").orElse(-1);
      if (declared > maxBytes) {
        return new Fetch.TooLarge(declared);
      }
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (bytes.length > maxBytes) {
        return new Fetch.TooLarge(bytes.length);
      }
      String type = response.headers().firstValue("Content-Type").orElse(null);
      return new Fetch.Got(bytes, type, null);
    }
  }
}
