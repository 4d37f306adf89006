package io.salesbot.adapter.wechatmp;

import io.salesbot.adapter.support.BoundedBody;
import io.salesbot.core.kernel.domain.PhoneNumbers;
import io.salesbot.core.lead.IntakeUnavailableException;
import io.salesbot.core.lead.LeadIntake;
import io.salesbot.core.lead.domain.FieldError;
import io.salesbot.core.lead.domain.LeadIds;
import io.salesbot.core.lead.domain.RawLead;
import io.salesbot.core.lead.domain.SubmissionCheck;
import io.salesbot.core.lead.domain.SubmissionValidator;
import io.salesbot.core.platform.Quotas;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * The H5 lead form, {@code GET/POST /forms/{formId}}: a mobile page in Chinese whose fields come
 * from configuration. Inside WeChat a silent OAuth ({@code snsapi_base}) tells the follower's
 * openid, carried to the submission signed; outside WeChat the form works without one. A valid
 * submission goes through {@link LeadIntake}, the same intake pipeline as the signed API (so it
 * merges with an earlier scan lead of the same openid or phone); a rejected one stores nothing and
 * says why.
 */
final class MpForms {
  private static final Logger LOG = LoggerFactory.getLogger(MpForms.class);
  private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_\\-]{1,128}");
  private static final Pattern SID = Pattern.compile("[0-9a-f\\-]{36}");
  private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");

  /**
   * The form page runs only its own inline script and styles (by hash): no framing (clickjacking a
   * lead form), no foreign scripts, posts only to this origin.
   */
  private static final String FORM_CSP =
      "default-src 'none'; script-src "
          + inlineHashes(Texts.FORM_TEMPLATE, "script")
          + "; style-src "
          + inlineHashes(Texts.FORM_TEMPLATE, "style")
          + "; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  /** The result pages have no script of their own but a {@code javascript:} back link. */
  private static final String PAGE_CSP =
      "default-src 'none'; script-src 'unsafe-inline'; style-src "
          + inlineHashes(Texts.PAGE_TEMPLATE, "style")
          + "; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  private static final Map<String, Integer> MAX =
      Map.of(
          "name", SubmissionValidator.NAME_MAX,
          "phone", 32,
          "company", SubmissionValidator.COMPANY_MAX,
          "region", SubmissionValidator.SHORT_MAX,
          "product", SubmissionValidator.SHORT_MAX,
          "message", SubmissionValidator.MESSAGE_MAX);

  private final WechatMpSettings settings;
  private final MpApi api;
  private final LeadIntake submitLead;
  private final Quotas quotas;
  private final Welcomes welcomes;
  private final OAuthCodes codes;

  MpForms(
      WechatMpSettings settings,
      MpApi api,
      LeadIntake submitLead,
      Quotas quotas,
      Welcomes welcomes) {
    this.settings = settings;
    this.api = api;
    this.submitLead = submitLead;
    this.quotas = quotas;
    this.welcomes = welcomes;
    this.codes = new OAuthCodes(api, quotas, settings.limits());
  }

  Mono<ServerResponse> show(ServerRequest request) {
    WechatMpSettings.Form form = settings.forms().get(request.pathVariable("formId"));
    if (form == null) {
      return page(
          HttpStatus.NOT_FOUND,
          "not-found",
          "⚠",
          Texts.get("rejected.title"),
          Texts.get("error.not-found"),
          false);
    }
    String code = request.queryParam("code").orElse(null);
    if (code != null && CODE.matcher(code).matches()) {
      return codes
          .openId(form.appId(), code, clientIp(request))
          .map(openId -> render(form, HttpStatus.OK, Map.of(), Map.of(), null, openId))
          .switchIfEmpty(
              Mono.fromSupplier(() -> render(form, HttpStatus.OK, Map.of(), Map.of(), null, null)))
          .flatMap(r -> r);
    }
    String agent = request.headers().firstHeader(HttpHeaders.USER_AGENT);
    boolean inWechat = agent != null && agent.contains("MicroMessenger");
    if (inWechat && code == null && request.queryParam("state").isEmpty()) {
      String target = api.authorizationUrl(form.appId(), settings.formUrl(form.formId()), "form");
      return ServerResponse.status(HttpStatus.FOUND)
          .header(HttpHeaders.LOCATION, target)
          .header(HttpHeaders.CACHE_CONTROL, "no-store")
          .build();
    }
    return render(form, HttpStatus.OK, Map.of(), Map.of(), null, null);
  }

  Mono<ServerResponse> submit(ServerRequest request) {
    WechatMpSettings.Form form = settings.forms().get(request.pathVariable("formId"));
    if (form == null) {
      return page(
          HttpStatus.NOT_FOUND,
          "not-found",
          "⚠",
          Texts.get("rejected.title"),
          Texts.get("error.not-found"),
          false);
    }
    MediaType type = contentType(request);
    if (type == null || !MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type)) {
      return rejected(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "error.bad-request");
    }
    int max = settings.limits().maxBody();
    return BoundedBody.text(request, max)
        .flatMap(body -> submitted(form, request, body))
        .onErrorResume(
            BoundedBody.TooLarge.class,
            e -> rejected(HttpStatus.CONTENT_TOO_LARGE, "error.too-large"));
  }

  private Mono<ServerResponse> submitted(
      WechatMpSettings.Form form, ServerRequest request, String body) {
    Map<String, String> values;
    try {
      values = parse(body);
    } catch (IllegalArgumentException e) {
      return rejected(HttpStatus.BAD_REQUEST, "error.bad-request");
    }
    if (!values.getOrDefault("website", "").isBlank()) {
      LOG.info("form {}: honeypot filled, submission dropped", form.formId());
      return rejected(HttpStatus.BAD_REQUEST, "error.honeypot");
    }
    String openId = null;
    String oid = values.getOrDefault("oid", "");
    if (!oid.isBlank()) {
      openId = verifyOpenId(form.appId(), oid);
      if (openId == null) {
        return rejected(HttpStatus.BAD_REQUEST, "error.expired");
      }
    }
    Map<String, String> errors = validate(form, values);
    if (!errors.isEmpty()) {
      return render(
          form, HttpStatus.BAD_REQUEST, values, errors, Texts.get("error.summary"), openId);
    }
    String sid = values.getOrDefault("sid", "");
    if (!SID.matcher(sid).matches()) {
      sid = UUID.randomUUID().toString();
    }
    String intakeId =
        LeadIds.intakeId(form.sourceId(), "mp-form:" + form.formId() + ":" + sid, null);
    Map<String, String> attributes = new LinkedHashMap<>();
    attributes.put("form", form.formId());
    attributes.put("wechatAppId", form.appId());
    attributes.put("channel", openId == null ? "h5-form" : "h5-form-wechat");
    RawLead raw =
        new RawLead(
            field(form, values, "name"),
            field(form, values, "phone"),
            field(form, values, "company"),
            field(form, values, "region"),
            null,
            field(form, values, "product"),
            field(form, values, "message"),
            null,
            openId,
            attributes);
    SubmissionCheck check =
        SubmissionValidator.check(raw, intakeId, form.sourceId(), form.highIntent());
    if (check instanceof SubmissionCheck.Invalid invalid) {
      Map<String, String> mapped = new LinkedHashMap<>();
      for (FieldError e : invalid.errors()) {
        mapped.putIfAbsent(
            form.fields().contains(e.field()) ? e.field() : "_", chinese(e.message()));
      }
      return render(
          form, HttpStatus.BAD_REQUEST, values, mapped, Texts.get("error.summary"), openId);
    }
    String ip = clientIp(request);
    String finalOpenId = openId;
    Mono<Boolean> allowed =
        hit("wechat-mp:form-ip:" + ip, settings.limits().perIp())
            .flatMap(
                ok ->
                    !ok || finalOpenId == null
                        ? Mono.just(ok)
                        : hit(
                            "wechat-mp:form-openid:" + finalOpenId, settings.limits().perOpenId()));
    return allowed.flatMap(
        ok -> {
          if (!ok) {
            LOG.info("form {}: rate limit reached, submission dropped", form.formId());
            return rejected(HttpStatus.TOO_MANY_REQUESTS, "error.rate-limit");
          }
          return submitLead
              .submit(((SubmissionCheck.Valid) check).submission())
              .flatMap(
                  accepted -> {
                    Mono<Void> thanks =
                        finalOpenId == null || accepted.duplicate()
                            ? Mono.empty()
                            : welcomes.queue(
                                "mp-thanks-" + accepted.intakeId(),
                                form.appId(),
                                finalOpenId,
                                Texts.get("thanks.message"));
                    return thanks.then(
                        page(
                            HttpStatus.OK,
                            "thanks",
                            "✓",
                            Texts.get("thanks.title"),
                            Texts.get("thanks.body"),
                            false));
                  })
              .onErrorResume(
                  IntakeUnavailableException.class,
                  e -> {
                    LOG.error("form {}: intake unavailable: {}", form.formId(), e.toString());
                    return page(
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "rejected",
                        "⚠",
                        Texts.get("rejected.title"),
                        Texts.get("error.unavailable"),
                        true);
                  });
        });
  }

  /** Counts a submission; a counter that cannot be reached lets it through (intake comes first). */
  private Mono<Boolean> hit(String key, int limit) {
    return quotas
        .hit(key, limit, settings.limits().window())
        .onErrorResume(
            e -> {
              LOG.warn(
                  "form rate limit unavailable ({}); letting the submission through", e.toString());
              return Mono.just(true);
            });
  }

  static Map<String, String> validate(WechatMpSettings.Form form, Map<String, String> values) {
    Map<String, String> errors = new LinkedHashMap<>();
    for (String f : form.fields()) {
      String v = values.getOrDefault(f, "").strip();
      String label = Texts.get("field." + f + ".label");
      if (v.isEmpty()) {
        if (form.required().contains(f)) {
          errors.put(f, Texts.get("error.required", label));
        }
        continue;
      }
      if (v.codePointCount(0, v.length()) > MAX.get(f)) {
        errors.put(f, Texts.get("error.too-long", label, MAX.get(f)));
      } else if ("phone".equals(f) && PhoneNumbers.normalise(v).isEmpty()) {
        errors.put(f, Texts.get("error.phone"));
      } else if ("region".equals(f) && !form.regions().isEmpty() && !form.regions().contains(v)) {
        errors.put(f, Texts.get("error.choice", label));
      } else if ("product".equals(f)
          && !form.products().isEmpty()
          && !form.products().contains(v)) {
        errors.put(f, Texts.get("error.choice", label));
      }
    }
    return errors;
  }

  private static @Nullable String field(
      WechatMpSettings.Form form, Map<String, String> values, String f) {
    if (!form.fields().contains(f)) {
      return null;
    }
    String v = values.get(f);
    return v == null || v.isBlank() ? null : v;
  }

  /** The Chinese half of a core message such as {@code 不是有效的… (not a valid …)}. */
  static String chinese(String message) {
    int paren = message.indexOf(" (");
    return paren > 0 ? message.substring(0, paren) : message;
  }

  static Map<String, String> parse(String body) {
    Map<String, String> values = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return values;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (values.size() > 32) {
        throw new IllegalArgumentException("too many fields");
      }
      values.putIfAbsent(k, v);
    }
    return values;
  }

  private static String clientIp(ServerRequest request) {
    return request
        .remoteAddress()
        .map(InetSocketAddress::getAddress)
        .map(a -> a.getHostAddress())
        .orElse("unknown");
  }

  // --- the signed openid carried from the OAuth page to the submission ---

  String signOpenId(String appId, String openId) {
    return openId + "." + mac(appId, openId);
  }

  @Nullable String verifyOpenId(String appId, String token) {
    int dot = token.lastIndexOf('.');
    if (dot <= 0 || token.length() > 200) {
      return null;
    }
    String openId = token.substring(0, dot);
    byte[] expected = mac(appId, openId).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given) ? openId : null;
  }

  private String mac(String appId, String openId) {
    WechatMpSettings.Account account = settings.accounts().get(appId);
    String secret = account == null ? "" : account.secret();
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              ("salesbot-form|" + secret).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] sum = mac.doFinal(("openid|" + appId + "|" + openId).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(java.util.Arrays.copyOf(sum, 18));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  // --- pages ---

  private Mono<ServerResponse> render(
      WechatMpSettings.Form form,
      HttpStatus status,
      Map<String, String> values,
      Map<String, String> errors,
      @Nullable String summary,
      @Nullable String openId) {
    StringBuilder fields = new StringBuilder();
    for (String f : form.fields()) {
      fields.append(fieldHtml(form, f, values.getOrDefault(f, ""), errors.get(f)));
    }
    String general = errors.get("_");
    String summaryText = summary == null ? "" : summary + (general == null ? "" : "：" + general);
    String sid = values.getOrDefault("sid", "");
    if (!SID.matcher(sid).matches()) {
      sid = UUID.randomUUID().toString();
    }
    String html =
        Texts.FORM_TEMPLATE
            .replace("{{title}}", Texts.html(form.title()))
            .replace(
                "{{intro}}", form.intro() == null ? "" : "<p>" + Texts.html(form.intro()) + "</p>")
            .replace("{{action}}", "/forms/" + Texts.html(form.formId()))
            .replace("{{summaryText}}", Texts.html(Texts.get("error.summary")))
            .replace("{{submittingText}}", Texts.html(Texts.get("form.submitting")))
            .replace("{{summary}}", Texts.html(summaryText))
            .replace("{{sid}}", sid)
            .replace("{{oid}}", openId == null ? "" : Texts.html(signOpenId(form.appId(), openId)))
            .replace("{{submitText}}", Texts.html(Texts.get("form.submit")))
            .replace(
                "{{note}}",
                Texts.html(
                    Texts.get("form.privacy")
                        + (openId == null ? "" : " " + Texts.get("form.in-wechat"))))
            .replace("{{fields}}", fields.toString());
    return ServerResponse.status(status)
        .contentType(HTML)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .headers(h -> secure(h, FORM_CSP))
        .bodyValue(html);
  }

  private static String fieldHtml(
      WechatMpSettings.Form form, String f, String value, @Nullable String error) {
    String label = Texts.get("field." + f + ".label");
    boolean required = form.required().contains(f);
    int max = MAX.get(f);
    String data =
        " data-field=\""
            + f
            + "\""
            + " data-required=\""
            + required
            + "\""
            + " data-max=\""
            + max
            + "\""
            + " data-msg-required=\""
            + Texts.html(Texts.get("error.required", label))
            + "\""
            + " data-msg-phone=\""
            + Texts.html(Texts.get("error.phone"))
            + "\""
            + " data-msg-length=\""
            + Texts.html(Texts.get("error.too-long", label, max))
            + "\"";
    String id = "f-" + f;
    String placeholder = Texts.html(Texts.get("field." + f + ".placeholder"));
    List<String> options =
        "region".equals(f) ? form.regions() : "product".equals(f) ? form.products() : List.of();
    StringBuilder b = new StringBuilder();
    b.append("  <div class=\"field").append(error == null ? "" : " invalid").append("\">\n");
    b.append("    <label for=\"").append(id).append("\">").append(Texts.html(label));
    b.append(
        required
            ? "<span class=\"req\">" + Texts.html(Texts.get("form.required.mark")) + "</span>"
            : "<span class=\"opt\">" + Texts.html(Texts.get("form.optional")) + "</span>");
    b.append("</label>\n    ");
    if (!options.isEmpty()) {
      b.append("<select id=\"")
          .append(id)
          .append("\" name=\"")
          .append(f)
          .append("\"")
          .append(data)
          .append(">");
      b.append("<option value=\"\">")
          .append(Texts.html(Texts.get("form.choose")))
          .append("</option>");
      for (String o : options) {
        b.append("<option value=\"")
            .append(Texts.html(o))
            .append("\"")
            .append(o.equals(value) ? " selected" : "")
            .append(">")
            .append(Texts.html(o))
            .append("</option>");
      }
      b.append("</select>");
    } else if ("message".equals(f)) {
      b.append("<textarea id=\"")
          .append(id)
          .append("\" name=\"")
          .append(f)
          .append("\"")
          .append(data)
          .append(" maxlength=\"")
          .append(max)
          .append("\" placeholder=\"")
          .append(placeholder)
          .append("\">")
          .append(Texts.html(value))
          .append("</textarea>");
    } else {
      String type = "phone".equals(f) ? "tel\" inputmode=\"numeric\" autocomplete=\"tel" : "text";
      String auto =
          "name".equals(f)
              ? " autocomplete=\"name\""
              : "company".equals(f) ? " autocomplete=\"organization\"" : "";
      b.append("<input id=\"")
          .append(id)
          .append("\" name=\"")
          .append(f)
          .append("\" type=\"")
          .append(type)
          .append("\"")
          .append(auto)
          .append(data)
          .append(" maxlength=\"")
          .append(max)
          .append("\" placeholder=\"")
          .append(placeholder)
          .append("\" value=\"")
          .append(Texts.html(value))
          .append("\">");
    }
    b.append("\n    <div class=\"error\" id=\"e-")
        .append(f)
        .append("\">")
        .append(error == null ? "" : Texts.html(error))
        .append("</div>\n  </div>\n");
    return b.toString();
  }

  private Mono<ServerResponse> rejected(HttpStatus status, String key) {
    return page(status, "rejected", "⚠", Texts.get("rejected.title"), Texts.get(key), true);
  }

  private static Mono<ServerResponse> page(
      HttpStatus status, String id, String icon, String title, String body, boolean back) {
    String html =
        Texts.PAGE_TEMPLATE
            .replace("{{id}}", id)
            .replace("{{icon}}", icon)
            .replace("{{title}}", Texts.html(title))
            .replace("{{body}}", Texts.html(body))
            .replace(
                "{{back}}",
                back
                    ? "<a href=\"javascript:history.back()\">"
                        + Texts.html(Texts.get("back"))
                        + "</a>"
                    : "");
    return ServerResponse.status(status)
        .contentType(HTML)
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .headers(h -> secure(h, PAGE_CSP))
        .bodyValue(html);
  }

  private static void secure(HttpHeaders headers, String csp) {
    headers.set("Content-Security-Policy", csp);
    headers.set("X-Frame-Options", "DENY");
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
  }

  /** {@code 'sha256-…'} of each inline {@code <tag>} block of a template (they hold no {{…}}). */
  static String inlineHashes(String template, String tag) {
    StringBuilder hashes = new StringBuilder();
    int from = 0;
    while (true) {
      int open = template.indexOf("<" + tag + ">", from);
      if (open < 0) {
        break;
      }
      int start = open + tag.length() + 2;
      int end = template.indexOf("</" + tag + ">", start);
      String block = template.substring(start, end);
      if (block.contains("{{")) {
        throw new IllegalStateException("an inline <" + tag + "> must not hold placeholders");
      }
      try {
        byte[] digest =
            java.security.MessageDigest.getInstance("SHA-256")
                .digest(block.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        hashes
            .append(hashes.isEmpty() ? "" : " ")
            .append("'sha256-")
            .append(java.util.Base64.getEncoder().encodeToString(digest))
            .append('\'');
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("every JVM has SHA-256", e);
      }
      from = end;
    }
    return hashes.isEmpty() ? "'none'" : hashes.toString();
  }

  /** The request's media type; null when absent or unparsable (answered 415, not 500). */
  private static @Nullable MediaType contentType(ServerRequest request) {
    try {
      return request.headers().contentType().orElse(null);
    } catch (org.springframework.http.InvalidMediaTypeException e) {
      return null;
    }
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }
}
