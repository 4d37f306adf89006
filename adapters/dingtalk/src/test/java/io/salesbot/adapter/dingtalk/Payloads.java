package io.salesbot.adapter.dingtalk;

import io.salesbot.core.kernel.domain.CardType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** Recorded DingTalk payloads under {@code payloads/dingtalk/} and the settings they match. */
final class Payloads {
  static final String CLIENT_ID = "dingsnotzck6pm5veliw";
  static final String CLIENT_SECRET = "test-app-secret-0123456789";
  static final String TOKEN = "123456";
  static final String AES_KEY = "1234567890123456789012345678901234567890123";
  static final String CARD_SECRET = "card-callback-secret-0123456789";
  static final DingtalkSettings.CardCallback CARD_CALLBACK =
      new DingtalkSettings.CardCallback(
          "https://salesbot.example.com", "salesbot-test-route", CARD_SECRET);
  static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private Payloads() {}

  static DingtalkSettings settings(String apiBaseUrl, DingtalkSettings.Mode mode) {
    return DingtalkSettings.of(
        CLIENT_ID,
        CLIENT_SECRET,
        "dingrobot0001",
        "dingc0ffee0123456789",
        mode,
        TOKEN,
        AES_KEY,
        "tpl-default.schema",
        Map.of(CardType.LEAD_OFFER, "tpl-lead-offer.schema"),
        apiBaseUrl,
        mode == DingtalkSettings.Mode.HTTP ? CARD_CALLBACK : null);
  }

  static String load(String name) {
    try (InputStream in = Payloads.class.getResourceAsStream("/payloads/dingtalk/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no payload " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String golden(String name) {
    try (InputStream in = Payloads.class.getResourceAsStream("/golden/dingtalk/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no golden file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
