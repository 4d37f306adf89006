package io.salesbot.adapter.wechatmp;

import io.salesbot.adapter.support.BoundedBody;
import io.salesbot.adapter.support.CallbackCrypto;
import io.salesbot.adapter.support.CallbackXml;
import io.salesbot.adapter.support.HttpProblem;
import io.salesbot.core.kernel.domain.LeadSubmission;
import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.lead.domain.LeadIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import me.chanjar.weixin.common.util.crypto.SHA1;
import me.chanjar.weixin.mp.bean.message.WxMpXmlMessage;
import me.chanjar.weixin.mp.bean.message.WxMpXmlOutMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * {@code GET/POST /callbacks/wechat-mp/{appId}}: verifies WeChat's signature and that its timestamp
 * is within {@link #MAX_SKEW} of the clock; an account with an {@code aes-key} takes safe-mode
 * callbacks only ({@code encrypt_type=aes}, {@code msg_signature} over the envelope checked before
 * the message is read, receiveid = AppID). Translates the message and answers at once. A QR scene
 * scan becomes a lead through {@link LeadIntake}, deduplicated by an intake id derived from the
 * event; a keyword gets the form link as a passive reply; everything else is acknowledged with an
 * empty body. Nothing is decided about the lead here.
 *
 * <p>Bodies are read with a streaming parser ({@link CallbackXml}, linear in the body's length) and
 * verified, decrypted and parsed on {@code Schedulers.parallel()}, never on the server's event
 * loop.
 */
final class MpCallbacks {
  private static final Logger LOG = LoggerFactory.getLogger(MpCallbacks.class);
  static final int MAX_BODY = 64 * 1024;

  /** How far a callback's timestamp may be from the clock: older signatures are not accepted. */
  static final Duration MAX_SKEW = Duration.ofMinutes(5);

  private final WechatMpSettings settings;
  private final MpApi api;
  private final LeadIntake submitLead;
  private final Welcomes welcomes;
  private final Clock clock;
  private final Map<String, CallbackCrypto> cryptos;

  MpCallbacks(
      WechatMpSettings settings, MpApi api, LeadIntake submitLead, Welcomes welcomes, Clock clock) {
    this.settings = settings;
    this.api = api;
    this.submitLead = submitLead;
    this.welcomes = welcomes;
    this.clock = clock;
    Map<String, CallbackCrypto> byApp = new LinkedHashMap<>();
    for (WechatMpSettings.Account a : settings.accounts().values()) {
      if (a.aesKey() != null) {
        byApp.put(a.appId(), new CallbackCrypto(a.token(), a.aesKey(), a.appId(), "account"));
      }
    }
    this.cryptos = Map.copyOf(byApp);
  }

  /** WeChat's server-URL check: echoes {@code echostr} when the signature is right. */
  Mono<ServerResponse> verify(ServerRequest request) {
    WechatMpSettings.Account account = settings.accounts().get(request.pathVariable("appId"));
    if (account == null) {
      return unknownAccount();
    }
    String echo = request.queryParam("echostr").orElse(null);
    if (echo == null || !signed(account, request)) {
      return badSignature();
    }
    if (!recent(request)) {
      return expired();
    }
    return ServerResponse.ok().contentType(MediaType.TEXT_PLAIN).bodyValue(echo);
  }

  Mono<ServerResponse> receive(ServerRequest request) {
    WechatMpSettings.Account account = settings.accounts().get(request.pathVariable("appId"));
    if (account == null) {
      return unknownAccount();
    }
    if (!signed(account, request)) {
      return badSignature();
    }
    if (!recent(request)) {
      return expired();
    }
    boolean safe = "aes".equalsIgnoreCase(request.queryParam("encrypt_type").orElse(""));
    String msgSignature = request.queryParam("msg_signature").orElse(null);
    CallbackCrypto crypto = cryptos.get(account.appId());
    if (crypto != null && (!safe || msgSignature == null || msgSignature.length() > 128)) {
      // With an aes-key, plain mode is a downgrade: its signature does not cover the body.
      return HttpProblem.of(
          HttpStatus.UNAUTHORIZED,
          "bad-signature",
          "this account has an aes-key: only safe-mode callbacks (encrypt_type=aes with"
              + " msg_signature) are accepted");
    }
    if (crypto == null && safe) {
      return HttpProblem.of(
          HttpStatus.BAD_REQUEST,
          "invalid-message",
          "encrypted message for an account without an aes-key (plain mode)");
    }
    return BoundedBody.text(request, MAX_BODY)
        .publishOn(Schedulers.parallel())
        .flatMap(body -> handle(account, request, body, crypto, msgSignature))
        .onErrorResume(BoundedBody.TooLarge.class, e -> tooLarge());
  }

  private Mono<ServerResponse> handle(
      WechatMpSettings.Account account,
      ServerRequest request,
      String body,
      @Nullable CallbackCrypto crypto,
      @Nullable String msgSignature) {
    WxMpXmlMessage message;
    try {
      message =
          MpCallbackBody.read(
              body,
              crypto,
              msgSignature,
              request.queryParam("timestamp").orElse(""),
              request.queryParam("nonce").orElse(""));
    } catch (MpCallbackBody.Refused r) {
      LOG.info("rejected an official-account callback for {}: {}", account.appId(), r.getMessage());
      return r.answer();
    }
    boolean safe = crypto != null;
    MpEvent event = MpEvent.of(account.appId(), message);
    return dispatch(account, event, safe)
        .onErrorResume(
            e -> {
              // The lead could not be stored: let WeChat retry (it retries 3 times).
              LOG.error(
                  "could not take official-account event {}: {}", event.eventId(), e.toString());
              return HttpProblem.of(
                  HttpStatus.SERVICE_UNAVAILABLE,
                  "unavailable",
                  "salesbot cannot store the event right now; WeChat will retry");
            });
  }

  private Mono<ServerResponse> dispatch(
      WechatMpSettings.Account account, MpEvent event, boolean safe) {
    String appId = account.appId();
    if (event instanceof MpEvent.SceneScan scan) {
      WechatMpSettings.Campaign campaign = settings.campaigns().get(scan.scene());
      Mono<Void> window =
          welcomes
              .firstTime(event.eventId())
              .flatMap(
                  first -> first ? welcomes.openScanWindow(appId, scan.openId()) : Mono.empty())
              .onErrorResume(e -> Mono.empty());
      if (campaign == null) {
        LOG.info("QR scene '{}' of {} has no campaign; acknowledged", scan.scene(), appId);
        return window.then(empty());
      }
      LeadSubmission lead = scanLead(appId, scan, campaign);
      return submitLead
          .submit(lead)
          .flatMap(
              accepted -> {
                if (accepted.duplicate()) {
                  return empty();
                }
                String text = Texts.get("welcome.scan", formLink(appId));
                return window
                    .then(
                        welcomes.queue("mp-welcome-" + lead.intakeId(), appId, scan.openId(), text))
                    .then(empty());
              });
    }
    if (event instanceof MpEvent.Followed followed) {
      return welcomes
          .firstTime(event.eventId())
          .flatMap(
              first -> first ? welcomes.openScanWindow(appId, followed.openId()) : Mono.empty())
          .onErrorResume(e -> Mono.empty())
          .then(empty());
    }
    if (event instanceof MpEvent.Text text) {
      Mono<Void> window =
          welcomes
              .firstTime(event.eventId())
              .flatMap(
                  first -> first ? welcomes.openMessageWindow(appId, text.openId()) : Mono.empty())
              .onErrorResume(e -> Mono.empty());
      if (!matchesKeyword(text.content())) {
        return window.then(empty());
      }
      WxMpXmlOutMessage reply =
          WxMpXmlOutMessage.TEXT()
              .content(Texts.get("keyword.reply", formLink(appId)))
              .fromUser(text.toUser())
              .toUser(text.openId())
              .build();
      String xml = safe ? reply.toEncryptedXml(api.storage(appId)) : reply.toXml();
      return window.then(ServerResponse.ok().contentType(MediaType.APPLICATION_XML).bodyValue(xml));
    }
    LOG.debug("ignored official-account event {} ({})", event.eventId(), event);
    return empty();
  }

  boolean matchesKeyword(String content) {
    String c = content.strip();
    for (String k : settings.keywords()) {
      if (!k.isBlank() && c.contains(k)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The link of the account's form: the one configured in {@code keyword-form}, else the first of
   * its own forms (by id), else the first form of all.
   */
  String formLink(String appId) {
    String formId = settings.keywordForm().get(appId);
    if (formId == null) {
      formId =
          settings.forms().values().stream()
              .sorted(
                  java.util.Comparator.comparing(
                          (WechatMpSettings.Form f) -> !f.appId().equals(appId))
                      .thenComparing(WechatMpSettings.Form::formId))
              .map(WechatMpSettings.Form::formId)
              .findFirst()
              .orElse("");
    }
    return settings.formUrl(formId);
  }

  static LeadSubmission scanLead(
      String appId, MpEvent.SceneScan scan, WechatMpSettings.Campaign campaign) {
    String intakeId = LeadIds.intakeId(campaign.sourceId(), "mp-event:" + scan.eventId(), null);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("campaign", campaign.name());
    attributes.put("scene", scan.scene());
    attributes.put("wechatAppId", appId);
    attributes.put("channel", scan.newFollower() ? "qr-subscribe" : "qr-scan");
    return new LeadSubmission(
        intakeId,
        campaign.sourceId(),
        null,
        null,
        null,
        campaign.region(),
        null,
        campaign.product(),
        Texts.get("scan.message", campaign.name()),
        null,
        scan.openId(),
        attributes,
        campaign.priority());
  }

  private static boolean signed(WechatMpSettings.Account account, ServerRequest request) {
    String signature = request.queryParam("signature").orElse(null);
    String timestamp = request.queryParam("timestamp").orElse(null);
    String nonce = request.queryParam("nonce").orElse(null);
    if (signature == null || timestamp == null || nonce == null) {
      return false;
    }
    if (timestamp.length() > 32 || nonce.length() > 128) {
      return false;
    }
    String expected = SHA1.gen(account.token(), timestamp, nonce);
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8),
        signature.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
  }

  /** Whether the request's timestamp is within {@link #MAX_SKEW} of the clock. */
  private boolean recent(ServerRequest request) {
    String timestamp = request.queryParam("timestamp").orElse("");
    long seconds;
    try {
      seconds = Long.parseLong(timestamp);
    } catch (NumberFormatException e) {
      return false;
    }
    return Math.abs(clock.instant().getEpochSecond() - seconds) <= MAX_SKEW.toSeconds();
  }

  private static Mono<ServerResponse> expired() {
    return HttpProblem.of(
        HttpStatus.UNAUTHORIZED,
        "expired-signature",
        "the timestamp is more than 5 minutes from the server's clock: a signature is not"
            + " accepted later (check the server's clock)");
  }

  private static Mono<ServerResponse> empty() {
    return ServerResponse.ok().build();
  }

  private static Mono<ServerResponse> unknownAccount() {
    return HttpProblem.of(
        HttpStatus.NOT_FOUND,
        "unknown-account",
        "no official account with this AppID is configured (salesbot.wechat-mp.accounts)");
  }

  private static Mono<ServerResponse> badSignature() {
    return HttpProblem.of(
        HttpStatus.UNAUTHORIZED,
        "bad-signature",
        "signature, timestamp and nonce must match the account's token (and msg_signature in safe"
            + " mode)");
  }

  private static Mono<ServerResponse> tooLarge() {
    return HttpProblem.of(
        HttpStatus.CONTENT_TOO_LARGE, "too-large", "the body is larger than 64 KiB");
  }

  static @Nullable String nullIfBlank(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
