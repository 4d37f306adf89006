package io.salesbot.server.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Everything under {@code salesbot.*}; validated at start-up. */
@ConfigurationProperties("salesbot")
@Validated
public class SalesbotProperties {
  /** Language of cards and replies: zh-CN (default) or en. */
  @Pattern(regexp = "zh-CN|en", message = "must be zh-CN or en")
  private String locale = "zh-CN";

  /** Sales teams by id: their regions, manager and reps. */
  @Valid private Map<String, Team> teams = new LinkedHashMap<>();

  @Valid private Routing routing = new Routing();
  @Valid private Sla sla = new Sla();
  @Valid private Intake intake = new Intake();
  @Valid private Admin admin = new Admin();
  @Valid private Sandbox sandbox = new Sandbox();
  @Valid private Pipeline pipeline = new Pipeline();
  @Valid private Directory directory = new Directory();

  public Directory getDirectory() {
    return directory;
  }

  public void setDirectory(Directory directory) {
    this.directory = directory;
  }

  /** Teams whose reps come from a platform's directory (salesbot.teams.<id>.directory). */
  public static class Directory {
    /**
     * How often every named department is re-read (and how long the platforms' directory answers
     * are cached); a directory-change callback re-reads at once.
     */
    @NotNull private Duration refreshInterval = Duration.ofMinutes(10);

    /** How long start-up waits for the first read before serving the configured reps. */
    @NotNull private Duration startupTimeout = Duration.ofSeconds(30);

    public Duration getRefreshInterval() {
      return refreshInterval;
    }

    public void setRefreshInterval(Duration refreshInterval) {
      this.refreshInterval = refreshInterval;
    }

    public Duration getStartupTimeout() {
      return startupTimeout;
    }

    public void setStartupTimeout(Duration startupTimeout) {
      this.startupTimeout = startupTimeout;
    }
  }

  public String getLocale() {
    return locale;
  }

  public void setLocale(String locale) {
    this.locale = locale;
  }

  public Map<String, Team> getTeams() {
    return teams;
  }

  public void setTeams(Map<String, Team> teams) {
    this.teams = teams;
  }

  public Routing getRouting() {
    return routing;
  }

  public void setRouting(Routing routing) {
    this.routing = routing;
  }

  public Sla getSla() {
    return sla;
  }

  public void setSla(Sla sla) {
    this.sla = sla;
  }

  public Intake getIntake() {
    return intake;
  }

  public void setIntake(Intake intake) {
    this.intake = intake;
  }

  public Admin getAdmin() {
    return admin;
  }

  public void setAdmin(Admin admin) {
    this.admin = admin;
  }

  public Sandbox getSandbox() {
    return sandbox;
  }

  public void setSandbox(Sandbox sandbox) {
    this.sandbox = sandbox;
  }

  public Pipeline getPipeline() {
    return pipeline;
  }

  public void setPipeline(Pipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** A sales team. */
  public static class Team {
    /** Display name, e.g. 华东销售一组. */
    @NotBlank private String name;

    /** Regions this team covers, e.g. 华东, 上海; a lead whose region matches goes here. */
    private List<String> regions = new ArrayList<>();

    /**
     * The manager's address, {@code <platform>:<userId>}, e.g. sandbox:zhaoliu; may be left out
     * when directory is set: the department's leader is the manager then.
     */
    private @Nullable String manager;

    /**
     * A department in a chat platform's directory whose members are this team's reps, {@code
     * <platform>:<departmentId>}: wecom:2 or dingtalk:123456789. Reps listed under members then
     * only override the directory's name, skills and weight of the same person.
     */
    private @Nullable String directory;

    public @Nullable String getDirectory() {
      return directory;
    }

    public void setDirectory(@Nullable String directory) {
      this.directory = directory;
    }

    /** The manager's display name. */
    private @Nullable String managerName;

    /** The reps. */
    @Valid private List<Member> members = new ArrayList<>();

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public List<String> getRegions() {
      return regions;
    }

    public void setRegions(List<String> regions) {
      this.regions = regions;
    }

    public @Nullable String getManager() {
      return manager;
    }

    public void setManager(@Nullable String manager) {
      this.manager = manager;
    }

    public @Nullable String getManagerName() {
      return managerName;
    }

    public void setManagerName(@Nullable String managerName) {
      this.managerName = managerName;
    }

    public List<Member> getMembers() {
      return members;
    }

    public void setMembers(List<Member> members) {
      this.members = members;
    }
  }

  /** A rep. */
  public static class Member {
    /** The rep's address, {@code <platform>:<userId>}, e.g. sandbox:zhangsan. */
    @NotBlank private String id;

    /** Display name, e.g. 张三. */
    @NotBlank private String name;

    /** Skills (industries, products) for skill-based routing. */
    private List<String> skills = new ArrayList<>();

    /** Weight for weighted round-robin; 1 or more. */
    @Min(1)
    private int weight = 1;

    /**
     * Dates the rep is on leave (e.g. 2026-12-01), in the team's working-hours time zone: no leads
     * are offered to them on those days.
     */
    private List<java.time.LocalDate> leave = new ArrayList<>();

    public List<java.time.LocalDate> getLeave() {
      return leave;
    }

    public void setLeave(List<java.time.LocalDate> leave) {
      this.leave = leave;
    }

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getName() {
      return name;
    }

    public void setName(String name) {
      this.name = name;
    }

    public List<String> getSkills() {
      return skills;
    }

    public void setSkills(List<String> skills) {
      this.skills = skills;
    }

    public int getWeight() {
      return weight;
    }

    public void setWeight(int weight) {
      this.weight = weight;
    }
  }

  /** Routing: rules, the default team, and each team's strategy, caps and hours. */
  public static class Routing {
    /** The team that takes leads no rule and no team's regions cover. */
    private @Nullable String defaultTeam;

    /** Ordered rules, first match wins; then each team's regions; then the default team. */
    @Valid private List<Rule> rules = new ArrayList<>();

    /**
     * A YAML file with the rules ({@code rules:} list, same shape as salesbot.routing.rules) that
     * replaces them and is re-read when it changes; an invalid edit keeps the previous rules.
     */
    private @Nullable String rulesFile;

    /** How often the rules file is checked for changes. */
    @NotNull private Duration rulesFileCheck = Duration.ofSeconds(5);

    public @Nullable String getRulesFile() {
      return rulesFile;
    }

    public void setRulesFile(@Nullable String rulesFile) {
      this.rulesFile = rulesFile;
    }

    public Duration getRulesFileCheck() {
      return rulesFileCheck;
    }

    public void setRulesFileCheck(Duration rulesFileCheck) {
      this.rulesFileCheck = rulesFileCheck;
    }

    /** Strategy, caps, hours and SLA for teams without their own entry under teams. */
    @Valid private TeamRouting defaults = new TeamRouting();

    /** Per team id: overrides of the defaults. */
    @Valid private Map<String, TeamRouting> teams = new LinkedHashMap<>();

    public @Nullable String getDefaultTeam() {
      return defaultTeam;
    }

    public void setDefaultTeam(@Nullable String defaultTeam) {
      this.defaultTeam = defaultTeam;
    }

    public List<Rule> getRules() {
      return rules;
    }

    public void setRules(List<Rule> rules) {
      this.rules = rules;
    }

    public TeamRouting getDefaults() {
      return defaults;
    }

    public void setDefaults(TeamRouting defaults) {
      this.defaults = defaults;
    }

    public Map<String, TeamRouting> getTeams() {
      return teams;
    }

    public void setTeams(Map<String, TeamRouting> teams) {
      this.teams = teams;
    }
  }

  /** A routing rule: every condition given must hold. */
  public static class Rule {
    /** The rule's id, shown in the audit log, e.g. R3. */
    @NotBlank private String id;

    /** The team the lead goes to when the rule matches. */
    @NotBlank private String team;

    /** Condition on the lead's region. */
    private @Nullable Match region;

    /** Condition on the lead's industry. */
    private @Nullable Match industry;

    /** Condition on the lead's product. */
    private @Nullable Match product;

    /** Condition on the intake source id. */
    private @Nullable Match source;

    /** Condition on the priority (HOT or NORMAL). */
    private @Nullable Match priority;

    /** Conditions on free attributes, by attribute key. */
    private Map<String, Match> attributes = new LinkedHashMap<>();

    public String getId() {
      return id;
    }

    public void setId(String id) {
      this.id = id;
    }

    public String getTeam() {
      return team;
    }

    public void setTeam(String team) {
      this.team = team;
    }

    public @Nullable Match getRegion() {
      return region;
    }

    public void setRegion(@Nullable Match region) {
      this.region = region;
    }

    public @Nullable Match getIndustry() {
      return industry;
    }

    public void setIndustry(@Nullable Match industry) {
      this.industry = industry;
    }

    public @Nullable Match getProduct() {
      return product;
    }

    public void setProduct(@Nullable Match product) {
      this.product = product;
    }

    public @Nullable Match getSource() {
      return source;
    }

    public void setSource(@Nullable Match source) {
      this.source = source;
    }

    public @Nullable Match getPriority() {
      return priority;
    }

    public void setPriority(@Nullable Match priority) {
      this.priority = priority;
    }

    public Map<String, Match> getAttributes() {
      return attributes;
    }

    public void setAttributes(Map<String, Match> attributes) {
      this.attributes = attributes;
    }
  }

  /** One condition: exactly one of equals, in, prefix (comparisons ignore case). */
  public static class Match {
    /** The value must equal this. */
    private @Nullable String equals;

    /** The value must be one of these. */
    private List<String> in = new ArrayList<>();

    /** The value must start with one of these. */
    private List<String> prefix = new ArrayList<>();

    public @Nullable String getEquals() {
      return equals;
    }

    public void setEquals(@Nullable String equals) {
      this.equals = equals;
    }

    public List<String> getIn() {
      return in;
    }

    public void setIn(List<String> in) {
      this.in = in;
    }

    public List<String> getPrefix() {
      return prefix;
    }

    public void setPrefix(List<String> prefix) {
      this.prefix = prefix;
    }
  }

  /** How one team (or every team, as defaults) distributes leads; unset values inherit. */
  public static class TeamRouting {
    /** grab (default), round-robin, least-loaded or skill. */
    private @Nullable String strategy;

    /** Push strategies: how long an offer waits for Accept (default 5m). */
    private @Nullable Duration offerTimeout;

    /** At most this many open leads per rep; 0 = no cap (default). */
    @Min(0)
    private @Nullable Integer maxOpenLeads;

    /** At most this many claims per rep per day; 0 = no cap (default). */
    @Min(0)
    private @Nullable Integer maxClaimsPerDay;

    /** First-touch SLA from claim to Contacted (default 15m). */
    private @Nullable Duration firstTouch;

    /** Remind the rep this long before the first-touch SLA runs out (default 5m; 0 = never). */
    private @Nullable Duration reminderBefore;

    /** When the team takes leads; unset = always. */
    @Valid private @Nullable Hours workingHours;

    /** First-touch SLA of hot leads (default: the same as first-touch). */
    private @Nullable Duration firstTouchHot;

    /**
     * Follow-up SLA: warn the rep after this long without activity on an owned lead, one warning
     * per step, ascending (default [3d, 5d]; [] = no warnings).
     */
    private @Nullable List<Duration> followUpWarnings;

    /**
     * Follow-up SLA: recycle to the pool after this long without activity (default 7d; 0 = never).
     */
    private @Nullable Duration followUpRecycle;

    /** Send the lead back to the pool at a first-touch breach (default false). */
    private @Nullable Boolean recycleAtBreach;

    /** A previous owner may not re-claim a recycled lead for this long (default 24h; 0 = none). */
    private @Nullable Duration reclaimCooldown;

    /** Quiet hours: no reminders or warnings (default 22:00–08:00 Asia/Shanghai). */
    @Valid private @Nullable Quiet quietHours;

    public @Nullable Duration getFirstTouchHot() {
      return firstTouchHot;
    }

    public void setFirstTouchHot(@Nullable Duration firstTouchHot) {
      this.firstTouchHot = firstTouchHot;
    }

    public @Nullable List<Duration> getFollowUpWarnings() {
      return followUpWarnings;
    }

    public void setFollowUpWarnings(@Nullable List<Duration> followUpWarnings) {
      this.followUpWarnings = followUpWarnings;
    }

    public @Nullable Duration getFollowUpRecycle() {
      return followUpRecycle;
    }

    public void setFollowUpRecycle(@Nullable Duration followUpRecycle) {
      this.followUpRecycle = followUpRecycle;
    }

    public @Nullable Boolean getRecycleAtBreach() {
      return recycleAtBreach;
    }

    public void setRecycleAtBreach(@Nullable Boolean recycleAtBreach) {
      this.recycleAtBreach = recycleAtBreach;
    }

    public @Nullable Duration getReclaimCooldown() {
      return reclaimCooldown;
    }

    public void setReclaimCooldown(@Nullable Duration reclaimCooldown) {
      this.reclaimCooldown = reclaimCooldown;
    }

    public @Nullable Quiet getQuietHours() {
      return quietHours;
    }

    public void setQuietHours(@Nullable Quiet quietHours) {
      this.quietHours = quietHours;
    }

    public @Nullable String getStrategy() {
      return strategy;
    }

    public void setStrategy(@Nullable String strategy) {
      this.strategy = strategy;
    }

    public @Nullable Duration getOfferTimeout() {
      return offerTimeout;
    }

    public void setOfferTimeout(@Nullable Duration offerTimeout) {
      this.offerTimeout = offerTimeout;
    }

    public @Nullable Integer getMaxOpenLeads() {
      return maxOpenLeads;
    }

    public void setMaxOpenLeads(@Nullable Integer maxOpenLeads) {
      this.maxOpenLeads = maxOpenLeads;
    }

    public @Nullable Integer getMaxClaimsPerDay() {
      return maxClaimsPerDay;
    }

    public void setMaxClaimsPerDay(@Nullable Integer maxClaimsPerDay) {
      this.maxClaimsPerDay = maxClaimsPerDay;
    }

    public @Nullable Duration getFirstTouch() {
      return firstTouch;
    }

    public void setFirstTouch(@Nullable Duration firstTouch) {
      this.firstTouch = firstTouch;
    }

    public @Nullable Duration getReminderBefore() {
      return reminderBefore;
    }

    public void setReminderBefore(@Nullable Duration reminderBefore) {
      this.reminderBefore = reminderBefore;
    }

    public @Nullable Hours getWorkingHours() {
      return workingHours;
    }

    public void setWorkingHours(@Nullable Hours workingHours) {
      this.workingHours = workingHours;
    }
  }

  /** Quiet hours: a nightly window without reminders or warnings; equal start and end = none. */
  public static class Quiet {
    /** Time zone, e.g. Asia/Shanghai (default). */
    private String zone = "Asia/Shanghai";

    /** Start of the quiet window, HH:mm (default 22:00). */
    private String start = "22:00";

    /** End of the quiet window, HH:mm (default 08:00; before the start: spans midnight). */
    private String end = "08:00";

    /** Whether SLA clocks pause during quiet hours (default false). */
    private boolean pauseClocks;

    public String getZone() {
      return zone;
    }

    public void setZone(String zone) {
      this.zone = zone;
    }

    public String getStart() {
      return start;
    }

    public void setStart(String start) {
      this.start = start;
    }

    public String getEnd() {
      return end;
    }

    public void setEnd(String end) {
      this.end = end;
    }

    public boolean isPauseClocks() {
      return pauseClocks;
    }

    public void setPauseClocks(boolean pauseClocks) {
      this.pauseClocks = pauseClocks;
    }
  }

  /** Working hours: days and a daily window in a time zone, minus holidays. */
  public static class Hours {
    /** Time zone, e.g. Asia/Shanghai (default). */
    private String zone = "Asia/Shanghai";

    /** Days, e.g. [MONDAY, TUESDAY, ...]; default Monday to Friday. */
    private List<java.time.DayOfWeek> days =
        new ArrayList<>(
            List.of(
                java.time.DayOfWeek.MONDAY,
                java.time.DayOfWeek.TUESDAY,
                java.time.DayOfWeek.WEDNESDAY,
                java.time.DayOfWeek.THURSDAY,
                java.time.DayOfWeek.FRIDAY));

    /** Start of the day's window, e.g. 09:00. */
    private String start = "09:00";

    /** End of the day's window, e.g. 18:00. */
    private String end = "18:00";

    /** Public holidays, e.g. 2026-10-01. */
    private List<java.time.LocalDate> holidays = new ArrayList<>();

    public String getZone() {
      return zone;
    }

    public void setZone(String zone) {
      this.zone = zone;
    }

    public List<java.time.DayOfWeek> getDays() {
      return days;
    }

    public void setDays(List<java.time.DayOfWeek> days) {
      this.days = days;
    }

    public String getStart() {
      return start;
    }

    public void setStart(String start) {
      this.start = start;
    }

    public String getEnd() {
      return end;
    }

    public void setEnd(String end) {
      this.end = end;
    }

    public List<java.time.LocalDate> getHolidays() {
      return holidays;
    }

    public void setHolidays(List<java.time.LocalDate> holidays) {
      this.holidays = holidays;
    }
  }

  /** SLA timers. */
  public static class Sla {
    /** How much the manager's Extend adds to a first-touch SLA. */
    @NotNull private Duration extension = Duration.ofMinutes(15);

    /** How often each instance polls PostgreSQL for due timers. */
    @NotNull private Duration pollInterval = Duration.ofSeconds(1);

    public Duration getExtension() {
      return extension;
    }

    public void setExtension(Duration extension) {
      this.extension = extension;
    }

    public Duration getPollInterval() {
      return pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
    }
  }

  /** The intake API. */
  public static class Intake {
    /** Intake sources by id (the X-Salesbot-Source header): their secrets and intent. */
    @Valid private Map<String, Source> sources = new LinkedHashMap<>();

    /** How far a signature timestamp may be from now before it counts as a replay. */
    @NotNull private Duration replayWindow = Duration.ofSeconds(300);

    public Map<String, Source> getSources() {
      return sources;
    }

    public void setSources(Map<String, Source> sources) {
      this.sources = sources;
    }

    public Duration getReplayWindow() {
      return replayWindow;
    }

    public void setReplayWindow(Duration replayWindow) {
      this.replayWindow = replayWindow;
    }
  }

  /** An intake source. */
  public static class Source {
    /** The shared HMAC-SHA256 secret; at least 8 characters. */
    @NotEmpty
    @jakarta.validation.constraints.Size(min = 8, message = "must be at least 8 characters")
    private String secret;

    /** Whether leads from this source with a phone go to the hot lane. */
    private boolean highIntent;

    public String getSecret() {
      return secret;
    }

    public void setSecret(String secret) {
      this.secret = secret;
    }

    public boolean isHighIntent() {
      return highIntent;
    }

    public void setHighIntent(boolean highIntent) {
      this.highIntent = highIntent;
    }
  }

  /** Admin endpoints under /api/v1/admin and GET /api/v1/leads/{id}. */
  public static class Admin {
    /** Bearer token for admin endpoints; when unset they answer 403. */
    private @Nullable String token;

    public @Nullable String getToken() {
      return token;
    }

    public void setToken(@Nullable String token) {
      this.token = token;
    }
  }

  /** The built-in sandbox chat platform. */
  public static class Sandbox {
    /** On or off; unset means on exactly when salesbot runs on its embedded dev services. */
    private @Nullable Boolean enabled;

    public @Nullable Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The Redis Streams pipeline. */
  public static class Pipeline {
    /** Entries processed at once per consumer. */
    @Min(1)
    @Max(1024)
    private int concurrency = 32;

    /** An entry idle this long in a consumer's pending list is reclaimed by another consumer. */
    @NotNull private Duration reclaimIdle = Duration.ofSeconds(30);

    /** How often to look for entries to reclaim. */
    @NotNull private Duration reclaimInterval = Duration.ofSeconds(5);

    /** After this many failed deliveries an entry moves to the dead-letter stream. */
    @Min(1)
    private int maxDeliveries = 5;

    /** How long an event id is remembered to drop duplicates. */
    @NotNull private Duration dedupeTtl = Duration.ofDays(7);

    /** How often leads parked in PostgreSQL (Redis was down) are moved to the queue. */
    @NotNull private Duration relayInterval = Duration.ofSeconds(2);

    /** This instance's consumer name; unset means host name + process id. */
    private @Nullable String consumerName;

    /**
     * Webhooks a second (platform callbacks and lead intake) from which acknowledging them comes
     * first: the inbound pipeline then runs only {@code busy-concurrency} handlers and the spike
     * waits in Redis. 0 turns this off.
     */
    private int ingressFirstAbove = 300;

    /** Handlers the inbound pipeline runs at once while webhooks come first. */
    private int busyConcurrency = 2;

    /** Longest stretch of putting webhooks first, and the full-speed pause that follows it. */
    @NotNull private Duration ingressFirstMaxHold = Duration.ofSeconds(30);

    public int getIngressFirstAbove() {
      return ingressFirstAbove;
    }

    public void setIngressFirstAbove(int ingressFirstAbove) {
      this.ingressFirstAbove = ingressFirstAbove;
    }

    public int getBusyConcurrency() {
      return busyConcurrency;
    }

    public void setBusyConcurrency(int busyConcurrency) {
      this.busyConcurrency = busyConcurrency;
    }

    public Duration getIngressFirstMaxHold() {
      return ingressFirstMaxHold;
    }

    public void setIngressFirstMaxHold(Duration ingressFirstMaxHold) {
      this.ingressFirstMaxHold = ingressFirstMaxHold;
    }

    /**
     * Prefix of every Redis key (streams {@code <prefix>:in:hot}, ...); give two deployments that
     * share one Redis different prefixes.
     */
    @Pattern(
        regexp = "[A-Za-z0-9_.-]{1,32}",
        message = "must be 1-32 letters, digits, '.', '_' or '-'")
    private String keyPrefix = "salesbot";

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public int getConcurrency() {
      return concurrency;
    }

    public void setConcurrency(int concurrency) {
      this.concurrency = concurrency;
    }

    public Duration getReclaimIdle() {
      return reclaimIdle;
    }

    public void setReclaimIdle(Duration reclaimIdle) {
      this.reclaimIdle = reclaimIdle;
    }

    public Duration getReclaimInterval() {
      return reclaimInterval;
    }

    public void setReclaimInterval(Duration reclaimInterval) {
      this.reclaimInterval = reclaimInterval;
    }

    public int getMaxDeliveries() {
      return maxDeliveries;
    }

    public void setMaxDeliveries(int maxDeliveries) {
      this.maxDeliveries = maxDeliveries;
    }

    public Duration getDedupeTtl() {
      return dedupeTtl;
    }

    public void setDedupeTtl(Duration dedupeTtl) {
      this.dedupeTtl = dedupeTtl;
    }

    public Duration getRelayInterval() {
      return relayInterval;
    }

    public void setRelayInterval(Duration relayInterval) {
      this.relayInterval = relayInterval;
    }

    public @Nullable String getConsumerName() {
      return consumerName;
    }

    public void setConsumerName(@Nullable String consumerName) {
      this.consumerName = consumerName;
    }
  }
}
