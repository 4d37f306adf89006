package io.salesbot.server.intake;

import io.salesbot.core.lead.IntakeSignature;
import io.salesbot.server.config.SalesbotProperties;
import java.time.Clock;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.server.ServerRequest;

/**
 * Who sent a signed API request: the source named by {@code X-Salesbot-Source}, configured under
 * {@code salesbot.intake.sources}, and whether {@code X-Salesbot-Signature} matches the body and
 * the source's secret. Shared by the lead intake ({@code /api/v1/leads}) and the record API ({@code
 * /api/v1/records}), so both speak the same scheme.
 */
public final class SignedRequest {
  public static final String SOURCE_HEADER = "X-Salesbot-Source";
  public static final String SIGNATURE_HEADER = "X-Salesbot-Signature";

  private SignedRequest() {}

  /** A request's headers, whichever server layer carries it. */
  @FunctionalInterface
  public interface Headers {
    /** The header's first value, or null. */
    @Nullable String first(String name);
  }

  /** A configured source, or why the request names none. */
  public sealed interface Sender {
    record Known(String id, SalesbotProperties.Source source) implements Sender {}

    record Refused(HttpStatus status, String type, String detail) implements Sender {}
  }

  /** A valid signature, or why not. */
  public sealed interface Signed {
    record Valid(IntakeSignature.Check.Valid check) implements Signed {}

    record Refused(HttpStatus status, String type, String detail) implements Signed {}
  }

  public static Sender source(ServerRequest request, SalesbotProperties.Intake settings) {
    return source(request.headers()::firstHeader, settings);
  }

  /**
   * {@link #source(ServerRequest, SalesbotProperties.Intake)} over any server layer: {@code
   * headers} gives a header's first value, or null.
   */
  public static Sender source(Headers headers, SalesbotProperties.Intake settings) {
    String sourceId = headers.first(SOURCE_HEADER);
    SalesbotProperties.Source source = sourceId == null ? null : settings.sources().get(sourceId);
    if (source == null) {
      return new Sender.Refused(
          HttpStatus.UNAUTHORIZED,
          "unknown-source",
          sourceId == null
              ? "header " + SOURCE_HEADER + " is missing; it names your intake source"
              : "intake source '" + sourceId + "' is not configured (salesbot.intake.sources)");
    }
    return new Sender.Known(sourceId, source);
  }

  public static Signed verify(
      ServerRequest request,
      SalesbotProperties.Source source,
      byte[] body,
      SalesbotProperties.Intake settings,
      Clock clock) {
    return verify(request.headers()::firstHeader, source, body, settings, clock);
  }

  /**
   * {@link #verify(ServerRequest, SalesbotProperties.Source, byte[], SalesbotProperties.Intake,
   * Clock)} over any server layer.
   */
  public static Signed verify(
      Headers headers,
      SalesbotProperties.Source source,
      byte[] body,
      SalesbotProperties.Intake settings,
      Clock clock) {
    String signature = headers.first(SIGNATURE_HEADER);
    if (signature == null) {
      return new Signed.Refused(
          HttpStatus.UNAUTHORIZED,
          "missing-signature",
          "header "
              + SIGNATURE_HEADER
              + " is missing; sign as t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + \".\" +"
              + " body)>");
    }
    IntakeSignature.Check check =
        IntakeSignature.verify(
            signature, body, source.secret(), clock.instant(), settings.replayWindow());
    if (check instanceof IntakeSignature.Check.Invalid invalid) {
      return new Signed.Refused(HttpStatus.UNAUTHORIZED, "bad-signature", invalid.reason());
    }
    return new Signed.Valid((IntakeSignature.Check.Valid) check);
  }
}
