package io.salesbot.server.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code salesbot.*}, bound once at start-up and validated; each property is
 * documented here once (the {@code @param} lines are the IDE hints).
 *
 * @param locale Language of cards and replies: zh-CN (default) or en.
 * @param teams Sales teams by id: their regions, manager and reps.
 * @param routing Routing: rules, the default team, and each team's strategy, caps and hours.
 * @param sla SLA timers.
 * @param intake The intake API.
 * @param admin Admin endpoints under /api/v1/admin and GET /api/v1/leads/{id}.
 * @param sandbox The built-in sandbox chat platform.
 * @param pipeline The Redis Streams pipeline.
 * @param directory Teams whose reps come from a platform's directory
 *     (salesbot.teams.<id>.directory).
 * @param reports The managers' reports (/funnel, /kpi, /stalled, /skips).
 * @param notes Notes on leads (沟通记录) from chat.
 */
@ConfigurationProperties("salesbot")
@Validated
public record SalesbotProperties(
    @DefaultValue("zh-CN") @Pattern(regexp = "zh-CN|en", message = "must be zh-CN or en")
        String locale,
    @DefaultValue @Valid Map<String, Team> teams,
    @DefaultValue @Valid Routing routing,
    @DefaultValue @Valid Sla sla,
    @DefaultValue @Valid Intake intake,
    @DefaultValue @Valid Admin admin,
    @DefaultValue @Valid Sandbox sandbox,
    @DefaultValue @Valid Pipeline pipeline,
    @DefaultValue @Valid Directory directory,
    @DefaultValue @Valid Reports reports,
    @DefaultValue @Valid Notes notes) {

  public SalesbotProperties {
    teams = Immutable.map(teams);
  }

  /**
   * Notes on leads (沟通记录) from chat.
   *
   * @param replyWindow How long after pressing a lead card's button (领取, 接受, 已联系) a plain text the
   *     rep sends the bot is offered as a note of that lead (记录 / 不用), e.g. 10m (the default); 0
   *     turns the offer off.
   */
  public record Notes(@DefaultValue("10m") @NotNull Duration replyWindow) {
    /** {@link #replyWindow}, checked: not negative, or an error naming the property. */
    public Duration checkedReplyWindow() {
      if (replyWindow.isNegative()) {
        throw new InvalidConfigurationException(
            "salesbot.notes.reply-window",
            "must be a duration such as 10m (0 turns it off), got " + replyWindow);
      }
      return replyWindow;
    }
  }

  /**
   * The managers' reports (/funnel, /kpi, /stalled, /skips).
   *
   * @param actWithin How long a manager has to decide a skip request for 管理层干预及时率 to count it as
   *     timely, e.g. 24h (the default) or 90m; positive.
   */
  public record Reports(@DefaultValue("24h") @NotNull Duration actWithin) {
    /** {@link #actWithin}, checked: positive, or an error naming the property. */
    public Duration checkedActWithin() {
      if (actWithin.isNegative() || actWithin.isZero()) {
        throw new InvalidConfigurationException(
            "salesbot.reports.act-within",
            "must be a positive duration such as 24h or 90m, got " + actWithin);
      }
      return actWithin;
    }
  }

  /**
   * Teams whose reps come from a platform's directory (salesbot.teams.<id>.directory).
   *
   * @param refreshInterval How often every named department is re-read (and how long the platforms'
   *     directory answers are cached); a directory-change callback re-reads at once.
   * @param startupTimeout How long start-up waits for the first read before serving the configured
   *     reps.
   */
  public record Directory(
      @DefaultValue("10m") @NotNull Duration refreshInterval,
      @DefaultValue("30s") @NotNull Duration startupTimeout) {}

  /**
   * A sales team.
   *
   * @param name Display name, e.g. 华东销售一组.
   * @param regions Regions this team covers, e.g. 华东, 上海; a lead whose region matches goes here.
   * @param manager The manager's address, {@code <platform>:<userId>}, e.g. sandbox:zhaoliu; may be
   *     left out when directory is set: the department's leader is the manager then.
   * @param directory A department in a chat platform's directory whose members are this team's
   *     reps, {@code <platform>:<departmentId>}: wecom:2 or dingtalk:123456789. Reps listed under
   *     members then only override the directory's name, skills and weight of the same person.
   * @param managerName The manager's display name.
   * @param members The reps.
   * @param announceRobot A WeCom group robot (its name under salesbot.wecom.group-robots) that also
   *     gets the team's announcements: new leads offered to the team and the response-SLA
   *     reminders, as markdown (a robot cannot be clicked: claims stay with the reps' own cards).
   * @param managerAddresses The manager's further addresses, e.g. email:boss@example.cn,
   *     dingtalk:0123456789: a click from any of them is the manager's; e-mail goes to the email:
   *     ones. Needs manager.
   */
  public record Team(
      @NotBlank String name,
      @DefaultValue List<String> regions,
      @Nullable String manager,
      @Nullable String directory,
      @Nullable String managerName,
      @DefaultValue @Valid List<Member> members,
      @Nullable String announceRobot,
      @DefaultValue List<String> managerAddresses) {
    public Team {
      regions = Immutable.list(regions);
      members = Immutable.list(members);
      managerAddresses = Immutable.list(managerAddresses);
    }
  }

  /**
   * A rep.
   *
   * @param id The rep's address, {@code <platform>:<userId>}, e.g. sandbox:zhangsan.
   * @param name Display name, e.g. 张三.
   * @param skills Skills (industries, products) for skill-based routing.
   * @param weight Weight for weighted round-robin; 1 or more.
   * @param leave Dates the rep is on leave (e.g. 2026-12-01), in the team's working-hours time
   *     zone: no leads are offered to them on those days.
   * @param addresses The rep's further addresses besides id, each {@code <kind>:<value>} with kind
   *     wecom, dingtalk, sandbox, email or sms, e.g. dingtalk:0123456789,
   *     email:zhangsan@example.cn, sms:+8613912345678: a claim or command from any of them is this
   *     rep's (caps and loads are per person); e-mail goes to the email: ones.
   */
  public record Member(
      @NotBlank String id,
      @NotBlank String name,
      @DefaultValue List<String> skills,
      @DefaultValue("1") @Min(1) int weight,
      @DefaultValue List<LocalDate> leave,
      @DefaultValue List<String> addresses) {
    public Member {
      skills = Immutable.list(skills);
      leave = Immutable.list(leave);
      addresses = Immutable.list(addresses);
    }
  }

  /**
   * Routing: rules, the default team, and each team's strategy, caps and hours.
   *
   * @param defaultTeam The team that takes leads no rule and no team's regions cover.
   * @param rules Ordered rules, first match wins; then each team's regions; then the default team.
   * @param rulesFile A YAML file with the rules ({@code rules:} list, same shape as
   *     salesbot.routing.rules) that replaces them and is re-read when it changes; an invalid edit
   *     keeps the previous rules.
   * @param rulesFileCheck How often the rules file is checked for changes.
   * @param defaults Strategy, caps, hours and SLA for teams without their own entry under teams.
   * @param teams Per team id: overrides of the defaults.
   */
  public record Routing(
      @Nullable String defaultTeam,
      @DefaultValue @Valid List<Rule> rules,
      @Nullable String rulesFile,
      @DefaultValue("5s") @NotNull Duration rulesFileCheck,
      @DefaultValue @Valid TeamRouting defaults,
      @DefaultValue @Valid Map<String, TeamRouting> teams) {
    public Routing {
      rules = Immutable.list(rules);
      teams = Immutable.map(teams);
    }
  }

  /**
   * A routing rule: every condition given must hold.
   *
   * @param id The rule's id, shown in the audit log, e.g. R3.
   * @param team The team the lead goes to when the rule matches.
   * @param region Condition on the lead's region.
   * @param industry Condition on the lead's industry.
   * @param product Condition on the lead's product.
   * @param source Condition on the intake source id.
   * @param priority Condition on the priority (HOT or NORMAL).
   * @param attributes Conditions on free attributes, by attribute key.
   */
  public record Rule(
      @NotBlank String id,
      @NotBlank String team,
      @Nullable Match region,
      @Nullable Match industry,
      @Nullable Match product,
      @Nullable Match source,
      @Nullable Match priority,
      @DefaultValue Map<String, Match> attributes) {
    public Rule {
      attributes = Immutable.map(attributes);
    }
  }

  /**
   * One condition: exactly one of equals, in, prefix (comparisons ignore case).
   *
   * @param equals The value must equal this.
   * @param in The value must be one of these.
   * @param prefix The value must start with one of these.
   */
  public record Match(
      @Nullable String equals, @DefaultValue List<String> in, @DefaultValue List<String> prefix) {
    public Match {
      in = Immutable.list(in);
      prefix = Immutable.list(prefix);
    }
  }

  /**
   * How one team (or every team, as defaults) distributes leads; unset values inherit.
   *
   * @param strategy grab (default), round-robin, least-loaded or skill.
   * @param offerTimeout Push strategies: how long an offer waits for Accept (default 5m).
   * @param maxOpenLeads At most this many open leads per rep; 0 = no cap (default).
   * @param maxClaimsPerDay At most this many claims per rep per day; 0 = no cap (default).
   * @param firstTouch First-touch SLA from claim to Contacted (default 15m).
   * @param reminderBefore Remind the rep this long before the first-touch SLA runs out (default 5m;
   *     0 = never).
   * @param workingHours When the team takes leads; unset = always.
   * @param firstTouchHot First-touch SLA of hot leads (default: the same as first-touch).
   * @param followUpWarnings Follow-up SLA: warn the rep after this long without activity on an
   *     owned lead, one warning per step, ascending (default [3d, 5d]; [] = no warnings).
   * @param followUpRecycle Follow-up SLA: recycle to the pool after this long without activity
   *     (default 7d; 0 = never).
   * @param recycleAtBreach Send the lead back to the pool at a first-touch breach (default false).
   * @param reclaimCooldown A previous owner may not re-claim a recycled lead for this long (default
   *     24h; 0 = none).
   * @param quietHours Quiet hours: no reminders or warnings (default 22:00–08:00 Asia/Shanghai).
   * @param responseSla Response SLA from a lead's arrival in the pool to a claim; outside working
   *     hours it counts from the opening (default 15m; 0 = off).
   * @param responseSlaHot Response SLA of hot leads (default: the same as response-sla).
   * @param responseReminderBefore Announce an unclaimed lead to the team again this long before the
   *     response SLA runs out (default 5m; 0 = never).
   */
  public record TeamRouting(
      @Nullable String strategy,
      @Nullable Duration offerTimeout,
      @Min(0) @Nullable Integer maxOpenLeads,
      @Min(0) @Nullable Integer maxClaimsPerDay,
      @Nullable Duration firstTouch,
      @Nullable Duration reminderBefore,
      @Valid @Nullable Hours workingHours,
      @Nullable Duration firstTouchHot,
      @Nullable List<Duration> followUpWarnings,
      @Nullable Duration followUpRecycle,
      @Nullable Boolean recycleAtBreach,
      @Nullable Duration reclaimCooldown,
      @Valid @Nullable Quiet quietHours,
      @Nullable Duration responseSla,
      @Nullable Duration responseSlaHot,
      @Nullable Duration responseReminderBefore) {
    public TeamRouting {
      followUpWarnings = followUpWarnings == null ? null : Immutable.list(followUpWarnings);
    }
  }

  /**
   * Quiet hours: a nightly window without reminders or warnings; equal start and end = none.
   *
   * @param zone Time zone, e.g. Asia/Shanghai (default).
   * @param start Start of the quiet window, HH:mm (default 22:00).
   * @param end End of the quiet window, HH:mm (default 08:00; before the start: spans midnight).
   * @param pauseClocks Whether SLA clocks pause during quiet hours (default false).
   */
  public record Quiet(
      @DefaultValue("Asia/Shanghai") String zone,
      @DefaultValue("22:00") String start,
      @DefaultValue("08:00") String end,
      boolean pauseClocks) {}

  /**
   * Working hours: days and a daily window in a time zone, minus holidays.
   *
   * @param zone Time zone, e.g. Asia/Shanghai (default).
   * @param days Days, e.g. [MONDAY, TUESDAY, ...]; default Monday to Friday.
   * @param start Start of the day's window, e.g. 09:00.
   * @param end End of the day's window, e.g. 18:00.
   * @param holidays Public holidays, e.g. 2026-10-01.
   */
  public record Hours(
      @DefaultValue("Asia/Shanghai") String zone,
      @DefaultValue({"MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY"}) List<DayOfWeek> days,
      @DefaultValue("09:00") String start,
      @DefaultValue("18:00") String end,
      @DefaultValue List<LocalDate> holidays) {
    public Hours {
      days = Immutable.list(days);
      holidays = Immutable.list(holidays);
    }
  }

  /**
   * SLA timers.
   *
   * @param extension How much the manager's Extend adds to a first-touch SLA.
   * @param pollInterval How often each instance polls PostgreSQL for due timers.
   */
  public record Sla(
      @DefaultValue("15m") @NotNull Duration extension,
      @DefaultValue("1s") @NotNull Duration pollInterval) {}

  /**
   * The intake API.
   *
   * @param sources Intake sources by id (the X-Salesbot-Source header): their secrets and intent.
   * @param replayWindow How far a signature timestamp may be from now before it counts as a replay.
   * @param repeatWindow A lead that comes in again (same phone or openid) within this time of its
   *     previous visit becomes hot (多次访问): its owner is told, the hot SLAs apply; 0 turns it off.
   */
  public record Intake(
      @DefaultValue @Valid Map<String, Source> sources,
      @DefaultValue("300s") @NotNull Duration replayWindow,
      @DefaultValue("7d") @NotNull Duration repeatWindow) {
    public Intake {
      sources = Immutable.map(sources);
    }

    /**
     * {@link #repeatWindow}, checked, after checking each source's intent fields; an error naming
     * the first wrong property.
     */
    public Duration checkedRepeatWindow() {
      sources.forEach((id, source) -> source.intent(id));
      if (repeatWindow.isNegative()) {
        throw new InvalidConfigurationException(
            "salesbot.intake.repeat-window",
            "must be a duration such as 7d or 48h (0 turns it off), got " + repeatWindow);
      }
      return repeatWindow;
    }
  }

  /**
   * An intake source.
   *
   * @param secret The shared HMAC-SHA256 secret; at least 8 characters.
   * @param highIntent Whether leads from this source with a phone go to the hot lane.
   * @param records Whether this source may send scorecard records to POST /api/v1/records (off by
   *     default: a lead form must not be able to write payments).
   * @param intentFields Fields that together make a lead from this source hot (of name, phone,
   *     company, region, industry, product, message, openId), e.g. [phone, product].
   */
  public record Source(
      @NotEmpty @Size(min = 8, message = "must be at least 8 characters") String secret,
      boolean highIntent,
      boolean records,
      @DefaultValue List<String> intentFields) {
    public Source {
      intentFields = Immutable.list(intentFields);
    }

    /** How this source weighs intent; an error naming the property when a field is unknown. */
    public io.salesbot.core.lead.domain.IntentRule intent(String id) {
      try {
        return new io.salesbot.core.lead.domain.IntentRule(
            highIntent, new java.util.LinkedHashSet<>(intentFields));
      } catch (IllegalArgumentException e) {
        throw new InvalidConfigurationException(
            "salesbot.intake.sources." + id + ".intent-fields", e.getMessage());
      }
    }
  }

  /**
   * Admin endpoints under /api/v1/admin and GET /api/v1/leads/{id}.
   *
   * @param token Bearer token for admin endpoints; when unset they answer 403.
   */
  public record Admin(@Nullable String token) {}

  /**
   * The built-in sandbox chat platform.
   *
   * @param enabled On or off; unset means on exactly when salesbot runs on its embedded dev
   *     services.
   */
  public record Sandbox(@Nullable Boolean enabled) {}

  /**
   * The Redis Streams pipeline.
   *
   * @param concurrency Outbox entries each platform's sender handles at once (the platform
   *     adapters' bulkheads are sized for it).
   * @param inboundConcurrency Inbound entries (leads, clicks, messages) handled at once; what is in
   *     flight together is stored, routed and sent together, so more means fuller batches.
   * @param reclaimIdle An entry idle this long in a consumer's pending list is reclaimed by another
   *     consumer.
   * @param reclaimInterval How often to look for entries to reclaim.
   * @param maxDeliveries After this many failed deliveries an entry moves to the dead-letter
   *     stream.
   * @param dedupeTtl How long an event id is remembered to drop duplicates.
   * @param relayInterval How often leads parked in PostgreSQL (Redis was down) are moved to the
   *     queue.
   * @param consumerName This instance's consumer name; unset means host name + process id.
   * @param ingressFirstAbove Webhooks a second (platform callbacks and lead intake) from which
   *     acknowledging them comes first: the inbound pipeline then runs only {@code
   *     busy-concurrency} handlers and the spike waits in Redis. 0 turns this off.
   * @param busyConcurrency Handlers the inbound pipeline runs at once while webhooks come first; 0
   *     pauses it then (for at most {@code ingress-first-max-hold} at a stretch).
   * @param ingressFirstMaxHold Longest stretch of putting webhooks first, and the full-speed pause
   *     that follows it.
   * @param keyPrefix Prefix of every Redis key (streams {@code <prefix>:in:hot}, ...); give two
   *     deployments that share one Redis different prefixes.
   */
  public record Pipeline(
      @DefaultValue("32") @Min(1) @Max(1024) int concurrency,
      @DefaultValue("256") @Min(1) @Max(4096) int inboundConcurrency,
      @DefaultValue("30s") @NotNull Duration reclaimIdle,
      @DefaultValue("5s") @NotNull Duration reclaimInterval,
      @DefaultValue("5") @Min(1) int maxDeliveries,
      @DefaultValue("7d") @NotNull Duration dedupeTtl,
      @DefaultValue("2s") @NotNull Duration relayInterval,
      @Nullable String consumerName,
      @DefaultValue("300") int ingressFirstAbove,
      @DefaultValue("2") int busyConcurrency,
      @DefaultValue("30s") @NotNull Duration ingressFirstMaxHold,
      @DefaultValue("salesbot")
          @Pattern(
              regexp = "[A-Za-z0-9_.-]{1,32}",
              message = "must be 1-32 letters, digits, '.', '_' or '-'")
          String keyPrefix) {}
}
