package io.salesbot.adapter.sandbox;

import io.salesbot.adapter.sandbox.InboxItem.CardItem;
import io.salesbot.adapter.sandbox.InboxItem.TextItem;
import io.salesbot.adapter.sandbox.SandboxUsers.SandboxUser;
import io.salesbot.adapter.support.BoundedBody;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.kernel.domain.CardButton;
import io.salesbot.core.kernel.domain.CardElement;
import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.stage.EvidenceLimits;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox's HTTP endpoints. Pressing a button or typing a message here travels the same path as
 * a real platform callback: it is translated to a neutral {@link InboundEvent}, appended to the
 * {@link InboundQueue}, and acknowledged (202) only after the queue took it. No decision is made
 * here beyond checking that the request makes sense.
 */
final class SandboxRoutes {
  static final int MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_TEXT_LENGTH = 2000;
  static final Duration ENQUEUE_TIMEOUT = Duration.ofSeconds(10);
  static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(SandboxRoutes.class);

  private final SandboxPlatform platform;
  private final SandboxUsers users;
  private final InboundQueue queue;
  private final Clock clock;
  private final @Nullable EvidenceFiles files;
  private final JsonMapper json =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  SandboxRoutes(
      SandboxPlatform platform,
      SandboxUsers users,
      InboundQueue queue,
      Clock clock,
      @Nullable EvidenceFiles files) {
    this.files = files;
    this.platform = Objects.requireNonNull(platform, "platform");
    this.users = Objects.requireNonNull(users, "users");
    this.queue = Objects.requireNonNull(queue, "queue");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  RouterFunction<ServerResponse> routes() {
    return RouterFunctions.route()
        .GET("/sandbox/users", this::users)
        .GET("/sandbox/users/{userId}/inbox", this::inbox)
        .POST("/sandbox/actions", this::action)
        .POST("/sandbox/users/{userId}/messages", this::message)
        .POST("/sandbox/users/{userId}/files", this::file)
        .onError(Throwable.class, SandboxRoutes::problem)
        .build();
  }

  // --- handlers -------------------------------------------------------------------------------

  /** {@link #file} with its refusals answered as problems, for a caller outside these routes. */
  Mono<ServerResponse> fileAnswered(ServerRequest request) {
    return file(request).onErrorResume(e -> problem(e, request));
  }

  private Mono<ServerResponse> users(ServerRequest request) {
    return Mono.defer(
        () -> {
          List<Map<String, @Nullable Object>> body = new ArrayList<>();
          for (SandboxUser user : users.all()) {
            body.add(userJson(user));
          }
          return ok(body);
        });
  }

  private Mono<ServerResponse> inbox(ServerRequest request) {
    return Mono.defer(
        () -> {
          String userId = userIdIn(request);
          requireKnown(userId);
          List<Map<String, Object>> body = new ArrayList<>();
          platform
              .inbox(userId)
              .ifPresent(inbox -> inbox.newestFirst().forEach(i -> body.add(itemJson(i))));
          return ok(body);
        });
  }

  private Mono<ServerResponse> action(ServerRequest request) {
    return jsonBody(request)
        .flatMap(
            body -> {
              String userId = requiredText(body, "userId");
              String cardId = requiredText(body, "cardId");
              String action = requiredText(body, "action");
              String payload = requiredString(body, "payload");
              Address user = sandboxAddress(userId);
              requireKnown(userId);
              Optional<Card> card = platform.inbox(userId).flatMap(inbox -> inbox.card(cardId));
              if (card.isEmpty()) {
                throw SandboxProblem.notFound(
                    "用户 " + userId + " 的收件箱里没有卡片 " + cardId + "。",
                    "Sandbox user '" + userId + "' has no card '" + cardId + "' in the inbox.");
              }
              boolean onCard =
                  card.get().buttons().stream()
                      .anyMatch(b -> b.action().equals(action) && b.payload().equals(payload));
              if (!onCard) {
                throw SandboxProblem.badRequest(
                    "卡片 " + cardId + " 上没有这个按钮（动作 " + action + "，可能卡片已更新）。",
                    "Card '"
                        + cardId
                        + "' has no button with action '"
                        + action
                        + "' and this payload (the card may have been updated).");
              }
              return enqueue(
                  new InboundEvent.CardAction(
                      newEventId(), user, cardId, action, payload, clock.instant()));
            });
  }

  private Mono<ServerResponse> message(ServerRequest request) {
    return Mono.defer(
        () -> {
          String userId = userIdIn(request);
          Address user = sandboxAddress(userId);
          requireKnown(userId);
          return jsonBody(request)
              .flatMap(
                  body -> {
                    String text = requiredText(body, "text");
                    int length = text.codePointCount(0, text.length());
                    if (length > MAX_TEXT_LENGTH) {
                      throw SandboxProblem.badRequest(
                          "消息太长：最多 " + MAX_TEXT_LENGTH + " 个字符，收到 " + length + " 个。",
                          "Text is too long: at most "
                              + MAX_TEXT_LENGTH
                              + " characters, got "
                              + length
                              + ".");
                    }
                    return enqueue(
                        new InboundEvent.TextMessage(newEventId(), user, text, clock.instant()));
                  });
        });
  }

  /**
   * A file sent to the bot: multipart, the file in the part {@code file}, optionally {@code
   * kind=photo}. Checked against the evidence limits and stored before the message is queued; a
   * file refused is not stored.
   */
  private Mono<ServerResponse> file(ServerRequest request) {
    return Mono.defer(
        () -> {
          String userId = userIdIn(request);
          Address user = sandboxAddress(userId);
          requireKnown(userId);
          EvidenceFiles store = files;
          if (store == null) {
            throw SandboxProblem.unavailable(
                "没有配置佐证文件存储。", "No evidence file store is configured.", RETRY_AFTER);
          }
          Optional<MediaType> type;
          try {
            type = request.headers().contentType();
          } catch (InvalidMediaTypeException e) {
            type = Optional.empty();
          }
          if (type.isEmpty() || !MediaType.MULTIPART_FORM_DATA.isCompatibleWith(type.get())) {
            throw SandboxProblem.unsupportedMediaType(
                "请求体须为 multipart/form-data，文件放在名为 file 的部分。",
                "The body must be multipart/form-data with the file in the part named 'file'.");
          }
          return SandboxUpload.read(request, store.limits())
              .flatMap(
                  upload -> {
                    String contentType =
                        EvidenceLimits.typeOf(upload.contentType(), upload.fileName());
                    if (store.limits().check(upload.bytes().length, contentType)
                        == EvidenceLimits.Reason.WRONG_TYPE) {
                      throw SandboxProblem.unsupportedMediaType(
                          "这种文件类型不能作为佐证：" + contentType + "。",
                          "Content type '" + contentType + "' is not taken as evidence.");
                    }
                    return store
                        .put(upload.bytes(), upload.fileName(), contentType)
                        .flatMap(
                            stored ->
                                enqueue(
                                    new InboundEvent.MediaMessage(
                                        newEventId(),
                                        user,
                                        upload.photo()
                                            ? InboundEvent.MediaMessage.Media.PHOTO
                                            : InboundEvent.MediaMessage.Media.FILE,
                                        "sha256:" + stored.sha256(),
                                        upload.fileName(),
                                        stored.contentType(),
                                        null,
                                        clock.instant(),
                                        null)));
                  });
        });
  }

  // --- queue ----------------------------------------------------------------------------------

  /** Answers 202 only once the queue has durably taken the event; 503 with Retry-After if not. */
  private Mono<ServerResponse> enqueue(InboundEvent event) {
    return queue
        .enqueue(event)
        .timeout(ENQUEUE_TIMEOUT)
        .switchIfEmpty(
            Mono.error(() -> new IllegalStateException("the inbound queue answered nothing")))
        .onErrorMap(
            e -> !(e instanceof SandboxProblem),
            e -> {
              log.warn("sandbox could not enqueue event {}: {}", event.eventId(), e.toString());
              return SandboxProblem.unavailable(
                  "暂时无法接收，请稍后重试。",
                  "The inbound queue could not take the event right now; please retry later.",
                  RETRY_AFTER);
            })
        .flatMap(
            appended ->
                ServerResponse.accepted()
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("eventId", event.eventId())));
  }

  private static String newEventId() {
    return "sandbox-" + UUID.randomUUID();
  }

  // --- requests -------------------------------------------------------------------------------

  private static String userIdIn(ServerRequest request) {
    return request.pathVariable("userId");
  }

  private static Address sandboxAddress(String userId) {
    try {
      return new Address(SandboxPlatform.ID, userId);
    } catch (IllegalArgumentException e) {
      throw SandboxProblem.badRequest(
          "用户 ID 无效：须为 1 到 128 个字符。", "Invalid userId: " + e.getMessage() + ".");
    }
  }

  /**
   * A user is known when the directory lists them as a sandbox rep or manager, or when something
   * was delivered to them.
   */
  private void requireKnown(String userId) {
    if (users.find(userId).isEmpty() && platform.inbox(userId).isEmpty()) {
      throw SandboxProblem.notFound(
          "找不到沙盒用户 " + userId + "。", "Unknown sandbox user '" + userId + "'.");
    }
  }

  /** The body as a JSON object, read up to {@value #MAX_BODY_BYTES} bytes. */
  private Mono<JsonNode> jsonBody(ServerRequest request) {
    return Mono.defer(
        () -> {
          checkContentType(request);
          return BoundedBody.bytes(request, MAX_BODY_BYTES)
              .onErrorMap(BoundedBody.TooLarge.class, e -> tooLarge())
              .map(this::parseObject);
        });
  }

  private static void checkContentType(ServerRequest request) {
    Optional<MediaType> type;
    try {
      type = request.headers().contentType();
    } catch (InvalidMediaTypeException e) {
      type = Optional.of(MediaType.APPLICATION_OCTET_STREAM);
    }
    if (type.isPresent()
        && !MediaType.APPLICATION_JSON.isCompatibleWith(type.get())
        && !type.get().getSubtype().endsWith("+json")) {
      throw SandboxProblem.unsupportedMediaType(
          "请求体须为 JSON（Content-Type: application/json）。",
          "The body must be JSON (Content-Type: application/json).");
    }
  }

  private JsonNode parseObject(byte[] bytes) {
    JsonNode node;
    try {
      node = bytes.length == 0 ? null : json.readTree(bytes);
    } catch (JacksonException e) {
      throw SandboxProblem.badRequest("请求体不是有效的 JSON。", "The request body is not valid JSON.");
    }
    if (node == null || !node.isObject()) {
      throw SandboxProblem.badRequest("请求体须为 JSON 对象。", "The request body must be a JSON object.");
    }
    return node;
  }

  private static SandboxProblem tooLarge() {
    return SandboxProblem.tooLarge(
        "请求体太大：最多 64 KiB。", "The request body is too large: at most 64 KiB.");
  }

  /** A string field that must be present and not blank. */
  private static String requiredText(JsonNode body, String field) {
    String value = requiredString(body, field);
    if (value.isBlank()) {
      throw SandboxProblem.badRequest(
          "字段 " + field + " 不能为空。", "Field '" + field + "' must not be blank.");
    }
    return value;
  }

  /** A string field that must be present; it may be empty. */
  private static String requiredString(JsonNode body, String field) {
    JsonNode value = body.get(field);
    if (value == null || value.isNull() || value.isMissingNode()) {
      throw SandboxProblem.badRequest("缺少字段 " + field + "。", "Field '" + field + "' is required.");
    }
    if (!value.isString()) {
      throw SandboxProblem.badRequest(
          "字段 " + field + " 须为字符串。", "Field '" + field + "' must be a string.");
    }
    return value.stringValue();
  }

  // --- responses ------------------------------------------------------------------------------

  private static Mono<ServerResponse> ok(Object body) {
    return ServerResponse.ok().contentType(MediaType.APPLICATION_JSON).bodyValue(body);
  }

  private static Mono<ServerResponse> problem(Throwable error, ServerRequest request) {
    if (error instanceof SandboxProblem) {
      return ((SandboxProblem) error).toResponse(request);
    }
    if (error instanceof EvidenceLimits.Refused refused) {
      return (refused.reason() == EvidenceLimits.Reason.TOO_LARGE
              ? SandboxProblem.tooLarge("文件太大。", "The file is too large.")
              : SandboxProblem.unsupportedMediaType(
                  "这种文件类型不能作为佐证。", "This content type is not taken as evidence."))
          .toResponse(request);
    }
    log.error("sandbox request {} {} failed", request.method(), request.path(), error);
    return SandboxProblem.internal(
            "沙盒内部错误，请查看服务器日志。", "The sandbox failed unexpectedly; see the server log.")
        .toResponse(request);
  }

  private static Map<String, @Nullable Object> userJson(SandboxUser user) {
    Map<String, @Nullable Object> m = new LinkedHashMap<>();
    m.put("id", user.address().toString());
    m.put("userId", user.address().userId());
    m.put("name", user.name());
    m.put("team", user.team().id());
    m.put("teamName", user.team().name());
    m.put("region", user.team().regions().isEmpty() ? null : user.team().regions().get(0));
    m.put("role", user.role());
    return m;
  }

  private static Map<String, Object> itemJson(InboxItem item) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (item instanceof CardItem) {
      CardItem cardItem = (CardItem) item;
      Card card = cardItem.card();
      m.put("kind", "card");
      m.put("cardId", card.cardId());
      m.put("version", card.version());
      m.put("type", card.type().name());
      m.put("title", card.title());
      List<Map<String, Object>> elements = new ArrayList<>();
      for (CardElement element : card.elements()) {
        elements.add(elementJson(element));
      }
      m.put("elements", elements);
      List<Map<String, Object>> buttons = new ArrayList<>();
      for (CardButton button : card.buttons()) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("action", button.action());
        b.put("label", button.label());
        b.put("payload", button.payload());
        b.put("style", button.style().name().toLowerCase(Locale.ROOT));
        buttons.add(b);
      }
      m.put("buttons", buttons);
      m.put("receivedAt", cardItem.receivedAt().toString());
      m.put("updatedAt", cardItem.updatedAt().toString());
    } else if (item instanceof TextItem) {
      TextItem text = (TextItem) item;
      m.put("kind", "text");
      m.put("text", text.text());
      m.put("receivedAt", text.receivedAt().toString());
    } else if (item instanceof InboxItem.ImageItem image) {
      m.put("kind", "image");
      m.put("url", image.url());
      m.put("caption", image.caption());
      m.put("receivedAt", image.receivedAt().toString());
    }
    return m;
  }

  private static Map<String, Object> elementJson(CardElement element) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (element instanceof CardElement.Text) {
      m.put("kind", "text");
      m.put("text", ((CardElement.Text) element).text());
    } else if (element instanceof CardElement.Field) {
      CardElement.Field field = (CardElement.Field) element;
      m.put("kind", "field");
      m.put("label", field.label());
      m.put("value", field.value());
    } else if (element instanceof CardElement.Note) {
      m.put("kind", "note");
      m.put("text", ((CardElement.Note) element).text());
    }
    return m;
  }
}
