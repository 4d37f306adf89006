package io.salesbot.core.sms.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The welcome SMS rules, already validated: which sources send one and with which template, how
 * many welcome SMS one number may get per day, the quiet hours (none are sent from {@code
 * quietFrom} to {@code quietUntil}, local time in {@code zone}; equal times: no quiet hours), and
 * how often a send the provider asked to try later is tried.
 *
 * @param sources source id → its template; empty: welcome SMS are off
 * @param dailyLimit welcome SMS per number and calendar day (in {@code zone}), at least 1
 * @param retryAfter how long after a "try later" answer the next try is
 * @param attempts how many tries in all before giving up, at least 1
 */
public record SmsSettings(
    Map<String, SmsTemplate> sources,
    int dailyLimit,
    LocalTime quietFrom,
    LocalTime quietUntil,
    ZoneId zone,
    Duration retryAfter,
    int attempts) {
  /** Off: no source sends a welcome SMS. */
  public static final SmsSettings OFF =
      new SmsSettings(
          Map.of(),
          1,
          LocalTime.of(21, 0),
          LocalTime.of(8, 0),
          ZoneId.of("Asia/Shanghai"),
          Duration.ofMinutes(10),
          3);

  public SmsSettings {
    sources = Map.copyOf(sources);
    Objects.requireNonNull(quietFrom, "quietFrom");
    Objects.requireNonNull(quietUntil, "quietUntil");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(retryAfter, "retryAfter");
    if (dailyLimit < 1) {
      throw new IllegalArgumentException("the daily limit must be at least 1, got " + dailyLimit);
    }
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    if (retryAfter.isNegative() || retryAfter.isZero()) {
      throw new IllegalArgumentException("retryAfter must be positive, got " + retryAfter);
    }
  }

  public boolean on() {
    return !sources.isEmpty();
  }

  /** The template of a source that sends a welcome SMS. */
  public Optional<SmsTemplate> template(String sourceId) {
    return Optional.ofNullable(sources.get(sourceId));
  }

  /** {@code now} when outside the quiet hours, else the end of the quiet hours. */
  public Instant sendableAt(Instant now) {
    if (quietFrom.equals(quietUntil)) {
      return now;
    }
    LocalDateTime local = LocalDateTime.ofInstant(now, zone);
    LocalTime t = local.toLocalTime();
    boolean quiet =
        quietFrom.isBefore(quietUntil)
            ? !t.isBefore(quietFrom) && t.isBefore(quietUntil)
            : !t.isBefore(quietFrom) || t.isBefore(quietUntil);
    if (!quiet) {
      return now;
    }
    LocalDateTime end = local.toLocalDate().atTime(quietUntil);
    if (!end.isAfter(local)) {
      end = end.plusDays(1);
    }
    return end.atZone(zone).toInstant();
  }

  /** The calendar day of {@code at} in the settings' zone, for the daily limit. */
  public LocalDate day(Instant at) {
    return LocalDate.ofInstant(at, zone);
  }
}
