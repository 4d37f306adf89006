package io.salesbot.server.config;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.DirectorySource;
import io.salesbot.core.team.SyncedTeamDirectory;
import io.salesbot.core.team.SyncedTeamDirectory.RefreshReport;
import io.salesbot.core.team.domain.DirectoryRef;
import io.salesbot.core.team.domain.Identities;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.TeamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the team directory from {@code salesbot.teams}, naming the property of any mistake, and
 * brings its directory teams up to date before salesbot serves: one read of every named department
 * at start-up (a platform that cannot be reached is a warning saying what to fix, not a failed
 * start: the team serves its configured reps), then one every {@code
 * salesbot.directory.refresh-interval}.
 */
final class TeamsFactory {
  private static final Logger LOG = LoggerFactory.getLogger(TeamsFactory.class);

  /** Platforms whose directories salesbot can read. */
  static final Set<String> DIRECTORY_PLATFORMS = Set.of("wecom", "dingtalk");

  private TeamsFactory() {}

  /** Teams from configuration only: a team naming a directory fails (no platform serves it). */
  static SyncedTeamDirectory directory(SalesbotProperties properties) {
    return directory(properties, List.of());
  }

  /**
   * @param sources the directories of the enabled platforms
   */
  static SyncedTeamDirectory directory(
      SalesbotProperties properties, List<DirectorySource> sources) {
    Map<String, SalesbotProperties.Team> configured = properties.teams();
    if (configured.isEmpty()) {
      throw new InvalidConfigurationException(
          "salesbot.teams",
          "no team is configured; define at least one team with a manager and reps");
    }
    Set<String> available =
        sources.stream().map(DirectorySource::platform).collect(Collectors.toSet());
    List<TeamSpec> specs = new ArrayList<>();
    for (Map.Entry<String, SalesbotProperties.Team> e : configured.entrySet()) {
      String prefix = "salesbot.teams." + e.getKey();
      SalesbotProperties.Team t = e.getValue();
      Optional<DirectoryRef> directory = directoryRef(prefix + ".directory", t, available);
      Address manager = null;
      if (t.manager() != null && !t.manager().isBlank()) {
        manager = address(prefix + ".manager", t.manager());
      } else if (directory.isEmpty()) {
        throw new InvalidConfigurationException(
            prefix + ".manager",
            "must not be blank: give the manager's address (<platform>:<userId>), or a directory"
                + " department ("
                + prefix
                + ".directory) whose leader manages the team");
      }
      List<Member> members = new ArrayList<>();
      for (int i = 0; i < t.members().size(); i++) {
        SalesbotProperties.Member m = t.members().get(i);
        String p = prefix + ".members[" + i + "]";
        members.add(
            new Member(
                address(p + ".id", m.id()), m.name(), new HashSet<>(m.skills()), m.weight()));
      }
      specs.add(
          new TeamSpec(
              e.getKey(), t.name(), t.regions(), manager, t.managerName(), members, directory));
    }
    String defaultTeam = properties.routing().defaultTeam();
    if (defaultTeam == null || defaultTeam.isBlank()) {
      defaultTeam = specs.get(0).id();
    }
    try {
      return new SyncedTeamDirectory(specs, defaultTeam, sources);
    } catch (IllegalArgumentException ex) {
      String property =
          ex.getMessage().startsWith("default team")
              ? "salesbot.routing.default-team"
              : "salesbot.teams";
      throw new InvalidConfigurationException(property, ex.getMessage());
    }
  }

  /**
   * Each configured person's further addresses ({@code salesbot.teams.<id>.members[n].addresses},
   * {@code salesbot.teams.<id>.manager-addresses}).
   *
   * @throws InvalidConfigurationException naming the property of an address of an unknown kind, a
   *     malformed e-mail address or mobile number, or an address given to two people
   */
  static Identities identities(SalesbotProperties properties) {
    Map<Address, List<Address>> extras = new LinkedHashMap<>();
    Map<Address, String> primaries = new LinkedHashMap<>();
    properties
        .teams()
        .forEach(
            (id, t) -> {
              String prefix = "salesbot.teams." + id;
              if (t.manager() != null && !t.manager().isBlank()) {
                primaries.put(address(prefix + ".manager", t.manager()), prefix + ".manager");
              }
              for (int i = 0; i < t.members().size(); i++) {
                primaries.put(
                    address(prefix + ".members[" + i + "].id", t.members().get(i).id()),
                    prefix + ".members[" + i + "].id");
              }
            });
    Map<Address, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, SalesbotProperties.Team> e : properties.teams().entrySet()) {
      String prefix = "salesbot.teams." + e.getKey();
      SalesbotProperties.Team t = e.getValue();
      if (!t.managerAddresses().isEmpty()) {
        if (t.manager() == null || t.manager().isBlank()) {
          throw new InvalidConfigurationException(
              prefix + ".manager-addresses",
              "needs " + prefix + ".manager: further addresses belong to a configured manager");
        }
        Address manager = address(prefix + ".manager", t.manager());
        extras
            .computeIfAbsent(manager, m -> new ArrayList<>())
            .addAll(
                further(
                    prefix + ".manager-addresses", t.managerAddresses(), manager, primaries, seen));
      }
      for (int i = 0; i < t.members().size(); i++) {
        SalesbotProperties.Member m = t.members().get(i);
        if (m.addresses().isEmpty()) {
          continue;
        }
        String p = prefix + ".members[" + i + "]";
        Address rep = address(p + ".id", m.id());
        extras
            .computeIfAbsent(rep, r -> new ArrayList<>())
            .addAll(further(p + ".addresses", m.addresses(), rep, primaries, seen));
      }
    }
    return new Identities(extras);
  }

  private static List<Address> further(
      String property,
      List<String> values,
      Address person,
      Map<Address, String> primaries,
      Map<Address, String> seen) {
    List<Address> out = new ArrayList<>();
    for (int j = 0; j < values.size(); j++) {
      String p = property + "[" + j + "]";
      Address a;
      try {
        a = Identities.parse(values.get(j) == null ? null : values.get(j).strip());
      } catch (IllegalArgumentException ex) {
        throw new InvalidConfigurationException(p, ex.getMessage());
      }
      String primary = primaries.get(a);
      if (primary != null && !a.equals(person)) {
        throw new InvalidConfigurationException(
            p, a + " is already a person of its own (" + primary + "); one address, one person");
      }
      String other = seen.putIfAbsent(a, p + "=" + person);
      if (other != null && !other.endsWith("=" + person)) {
        throw new InvalidConfigurationException(
            p,
            a
                + " is also given at "
                + other.substring(0, other.indexOf('='))
                + " for someone else; one address, one person");
      }
      out.add(a);
    }
    return out;
  }

  private static Optional<DirectoryRef> directoryRef(
      String property, SalesbotProperties.Team t, Set<String> available) {
    String text = t.directory();
    if (text == null) {
      return Optional.empty();
    }
    DirectoryRef ref;
    try {
      ref = DirectoryRef.parse(text);
    } catch (IllegalArgumentException ex) {
      throw new InvalidConfigurationException(property, ex.getMessage());
    }
    if (!DIRECTORY_PLATFORMS.contains(ref.platform())) {
      throw new InvalidConfigurationException(
          property,
          "salesbot reads the directories of "
              + DIRECTORY_PLATFORMS.stream().sorted().toList()
              + ", not '"
              + ref.platform()
              + "'");
    }
    if (!ref.departmentId().chars().allMatch(Character::isDigit)) {
      throw new InvalidConfigurationException(
          property,
          "a "
              + ref.platform()
              + " department id is a number (the 部门ID in the admin console), e.g. "
              + ref.platform()
              + ":2; got '"
              + ref.departmentId()
              + "'");
    }
    if (!available.contains(ref.platform())) {
      throw new InvalidConfigurationException(
          property,
          "names a "
              + ref.platform()
              + " department but "
              + ref.platform()
              + " is not enabled; set salesbot."
              + ref.platform()
              + ".enabled=true (with its credentials) or remove the directory");
    }
    return Optional.of(ref);
  }

  /**
   * Reads every named department once, waiting at most {@code timeout}, logs what it found and what
   * to fix, and schedules the refresh every {@code interval}. Never fails start-up.
   */
  static @Nullable RefreshReport start(
      SyncedTeamDirectory directory, Duration interval, Duration timeout) {
    if (interval.isNegative() || interval.isZero()) {
      throw new InvalidConfigurationException(
          "salesbot.directory.refresh-interval",
          "must be a positive duration such as 10m, got " + interval);
    }
    List<DirectoryRef> departments = directory.departments();
    if (departments.isEmpty()) {
      return null;
    }
    RefreshReport report;
    try {
      report = directory.refresh().block(timeout);
    } catch (RuntimeException e) {
      report = null; // the timeout: block cancelled the read, the schedule tries again
    }
    if (report == null) {
      LOG.warn(
          "The team directories {} did not answer within {} (salesbot.directory.startup-timeout);"
              + " serving the configured reps and retrying every {}",
          departments,
          timeout,
          interval);
    } else {
      if (!report.loaded().isEmpty()) {
        LOG.info(
            "Read the reps of {} from the platforms' directories; re-read every {}",
            report.loaded(),
            interval);
      }
      report
          .failed()
          .forEach(
              (ref, why) ->
                  LOG.warn(
                      "Could not read directory department {} at start-up: {}. Teams naming it"
                          + " serve their configured reps (salesbot.teams.<id>.members) until it"
                          + " answers; retrying every {}. To fix: {}",
                      ref,
                      why,
                      interval,
                      hint(ref)));
      report.notes().forEach(n -> LOG.warn("Team directory: {}", n));
    }
    directory.schedule(interval);
    return report;
  }

  private static String hint(DirectoryRef ref) {
    if ("wecom".equals(ref.platform())) {
      return "check salesbot.wecom.corp-id and the app secret, that WeCom is reachable from this"
          + " server (the app's trusted IPs / 企业可信IP), and that department "
          + ref.departmentId()
          + " exists and is inside the app's visible range (可见范围)";
    }
    return "check salesbot.dingtalk.client-id and client-secret, that oapi.dingtalk.com is"
        + " reachable, that the app has the 通讯录 read permissions (成员信息读权限, 通讯录部门信息读权限)"
        + " and that department "
        + ref.departmentId()
        + " exists and is inside the app's 通讯录权限范围";
  }

  private static Address address(String property, String value) {
    try {
      return Address.parse(value);
    } catch (IllegalArgumentException ex) {
      throw new InvalidConfigurationException(property, ex.getMessage());
    }
  }
}
