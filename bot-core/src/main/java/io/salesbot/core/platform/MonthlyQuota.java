package io.salesbot.core.platform;

import io.salesbot.core.kernel.Once;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * A platform's monthly quota of one kind of call (DingTalk's standard edition: 5,000 API calls and
 * 3,000 Webhook &amp; Stream pushes per organisation and calendar month), counted by all instances
 * together through {@link Quotas} under one key per month, in the organisation's time zone.
 *
 * <p>The adapter asks {@link #waitFor()} before a counted call and tells {@link #counted()} after
 * one; when the platform answers that the quota is gone it tells {@link #spent()}. A call waits
 * (the outbox keeps the command, {@link SendOutcome.Wait#MONTHLY_QUOTA}) while the month's count
 * has reached the limit or the platform said so less than {@link #RECHECK} ago: an administrator
 * may buy more at any time, so the wait is an hour at most, and ends with the month.
 *
 * <p>At 80 % and 95 % one WARN line is logged, at 100 % (or the platform's answer) one more and the
 * {@link QuotaAlarm} is raised — each once per month for the whole cluster ({@link Once}).
 */
public final class MonthlyQuota {
  /** How long a spent quota waits before the platform is asked again. */
  public static final Duration RECHECK = Duration.ofHours(1);

  /** How long a month's counter is kept: the month and some days to read it afterwards. */
  static final Duration KEEP = Duration.ofDays(40);

  /** Percentages of the limit at which a warning is logged (100: the quota is gone). */
  static final List<Integer> WARN_AT = List.of(80, 95, 100);

  private static final System.Logger LOG = System.getLogger(MonthlyQuota.class.getName());

  /**
   * What is counted.
   *
   * @param platform the platform's id ({@code dingtalk})
   * @param kind what is counted ({@code api}, {@code push}): the metric's tag and the message key
   * @param perMonth calls allowed per calendar month; 0 for no limit (only counted)
   * @param zone the time zone in which the platform's months begin
   */
  public record Limit(String platform, String kind, long perMonth, ZoneId zone) {
    public Limit {
      Objects.requireNonNull(platform, "platform");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(zone, "zone");
      if (perMonth < 0) {
        throw new IllegalArgumentException("a monthly limit must be 0 (none) or more");
      }
    }
  }

  /** How much of a month's quota is used; {@code limit} 0 means none. */
  public record Use(String platform, String kind, YearMonth month, long used, long limit) {
    /** The share used, in whole percent (0 without a limit). */
    public long percent() {
      return limit == 0 ? 0 : used * 100 / limit;
    }
  }

  private final Limit limit;
  private final Quotas quotas;
  private final Once once;
  private final QuotaAlarm alarm;
  private final Clock clock;
  private final AtomicLong lastKnown = new AtomicLong();

  /** Warnings this instance has seen claimed already ({@code 2026-05:80}): no need to ask again. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  public MonthlyQuota(Limit limit, Quotas quotas, Once once, QuotaAlarm alarm, Clock clock) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.quotas = Objects.requireNonNull(quotas, "quotas");
    this.once = Objects.requireNonNull(once, "once");
    this.alarm = Objects.requireNonNull(alarm, "alarm");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public Limit limit() {
    return limit;
  }

  /**
   * Empty when a call may go ahead; else how long to wait before trying again (the quota is spent:
   * counted here or said by the platform), {@link #retryAfter()}.
   */
  public Mono<Duration> waitFor() {
    YearMonth month = month();
    Mono<Boolean> spentHere =
        limit.perMonth() == 0
            ? Mono.just(false)
            : quotas.counted(key(month)).doOnNext(lastKnown::set).map(n -> n >= limit.perMonth());
    return spentHere
        .flatMap(spent -> spent ? Mono.just(true) : quotas.counted(spentKey(month)).map(n -> n > 0))
        .flatMap(spent -> spent ? Mono.just(retryAfter()) : Mono.empty());
  }

  /** One call the platform counts: counts it and warns when it crosses 80 %, 95 % or 100 %. */
  public Mono<Void> counted() {
    YearMonth month = month();
    return quotas.count(key(month), KEEP).doOnNext(lastKnown::set).flatMap(n -> warnings(month, n));
  }

  /**
   * The platform answered that the quota is gone: calls wait for {@link #RECHECK} (and the alarm is
   * raised once this month).
   *
   * @return how long calls wait, {@link #retryAfter()}
   */
  public Mono<Duration> spent() {
    YearMonth month = month();
    Duration wait = retryAfter();
    return quotas
        .count(spentKey(month), wait)
        .then(gone(month, "the platform says it is used up"))
        .thenReturn(wait);
  }

  /** How long a waiting call waits: {@link #RECHECK}, or less when the month ends sooner. */
  public Duration retryAfter() {
    Instant now = clock.instant();
    Instant nextMonth = month().plusMonths(1).atDay(1).atStartOfDay(limit.zone()).toInstant();
    Duration untilNextMonth = Duration.between(now, nextMonth);
    return untilNextMonth.compareTo(RECHECK) < 0 ? untilNextMonth : RECHECK;
  }

  /** This month's use, read from the shared counter. */
  public Mono<Use> use() {
    YearMonth month = month();
    return quotas
        .counted(key(month))
        .doOnNext(lastKnown::set)
        .map(n -> new Use(limit.platform(), limit.kind(), month, n, limit.perMonth()));
  }

  /** The count last read or written by this instance, without asking the store (for gauges). */
  public long lastKnownUse() {
    return lastKnown.get();
  }

  private Mono<Void> warnings(YearMonth month, long n) {
    if (limit.perMonth() == 0) {
      return Mono.empty();
    }
    Mono<Void> all = Mono.empty();
    for (int percent : WARN_AT) {
      if (n * 100 >= percent * limit.perMonth() && !warned.contains(month + ":" + percent)) {
        all =
            all.then(
                percent == 100
                    ? gone(month, "counted " + n + " of " + limit.perMonth())
                    : warnOnce(month, percent, n));
      }
    }
    return all;
  }

  private Mono<Void> warnOnce(YearMonth month, int percent, long n) {
    return claim(month, Integer.toString(percent))
        .doOnNext(
            first ->
                LOG.log(
                    Level.WARNING,
                    () ->
                        limit.platform()
                            + " monthly "
                            + limit.kind()
                            + " quota "
                            + percent
                            + " % used in "
                            + month
                            + ": "
                            + n
                            + " of "
                            + limit.perMonth()))
        .then();
  }

  /** The quota is gone: one WARN line and the alarm, once this month for the whole cluster. */
  private Mono<Void> gone(YearMonth month, String why) {
    return claim(month, "100")
        .flatMap(
            first -> {
              LOG.log(
                  Level.WARNING,
                  () ->
                      limit.platform()
                          + " monthly "
                          + limit.kind()
                          + " quota used up in "
                          + month
                          + " ("
                          + why
                          + "): what needs it waits until the quota is back, rechecked hourly");
              return use().flatMap(alarm::spent);
            });
  }

  /** Emits true when this call took the month's mark for {@code what}; empty when another did. */
  private Mono<Boolean> claim(YearMonth month, String what) {
    String mark = month + ":" + what;
    return once.claim(
            "quota:" + limit.platform() + ":" + limit.kind() + ":" + mark,
            UUID.randomUUID().toString(),
            KEEP)
        .doOnNext(taken -> warned.add(mark))
        .filter(Boolean::booleanValue);
  }

  private YearMonth month() {
    return YearMonth.from(clock.instant().atZone(limit.zone()));
  }

  private String key(YearMonth month) {
    return "monthly:" + limit.platform() + ":" + limit.kind() + ":" + month;
  }

  private String spentKey(YearMonth month) {
    return key(month) + ":spent";
  }
}
