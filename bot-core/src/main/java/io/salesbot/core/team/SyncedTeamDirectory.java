package io.salesbot.core.team;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.DirectorySource.Department;
import io.salesbot.core.team.domain.DirectoryRef;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.team.domain.TeamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Teams as configured, with the reps (and, when no manager is configured, the manager) of the teams
 * that name a directory department taken from that platform's directory. Use cases read one
 * immutable snapshot from memory; {@link #refresh()} re-reads every named department and swaps the
 * snapshot.
 *
 * <p>Why merge instead of replacing configuration: the directory knows who works in a department,
 * configuration knows how salesbot should treat them. So a directory team's reps are the
 * department's members; a configured rep with the same address keeps its configured name, skills
 * and weight; regions, strategy and the rest stay configuration. A configured rep who is not in the
 * department is left out while the directory answers (it is logged), because a person who left the
 * department must stop getting leads. Before the directory ever answered, a directory team serves
 * its configured reps.
 *
 * <p>The manager is the configured one; without one, the department's leader (部门负责人 / 主管); without
 * a leader, {@link #NO_MANAGER} on the department's platform, which no platform can reach, and the
 * refresh report says so. The manager is not one of the reps unless configured as one.
 *
 * <p>A failed read keeps that department's last good answer (or the configured reps) and is
 * reported; other departments still update. A person in two directory teams stays in the first one
 * in configuration order. Refreshes never overlap: one requested while another runs is done once
 * more right after it.
 */
public final class SyncedTeamDirectory implements TeamDirectory {
  /** The user id of the placeholder manager of a directory team without configured manager. */
  public static final String NO_MANAGER = "~no-manager";

  static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

  private static final System.Logger LOG = System.getLogger(SyncedTeamDirectory.class.getName());

  /**
   * What a refresh found.
   *
   * @param loaded the departments read successfully
   * @param failed why each other department could not be read; its last good answer is kept
   * @param notes things an admin should fix that did not stop the refresh (no leader, a rep in two
   *     teams, a configured rep not in the department)
   */
  public record RefreshReport(
      List<DirectoryRef> loaded, Map<DirectoryRef, String> failed, List<String> notes) {
    public RefreshReport {
      loaded = List.copyOf(loaded);
      failed = Map.copyOf(failed);
      notes = List.copyOf(notes);
    }

    public boolean ok() {
      return failed.isEmpty();
    }
  }

  private record Snapshot(
      List<Team> teams,
      Map<String, Team> byId,
      Map<Address, Team> teamOfRep,
      Team defaultTeam,
      List<String> notes) {}

  private final List<TeamSpec> specs;
  private final String defaultTeamId;
  private final Map<String, DirectorySource> sources;
  private final Map<DirectoryRef, Department> lastGood = new ConcurrentHashMap<>();
  private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean again = new AtomicBoolean();
  private final AtomicReference<@Nullable Disposable> scheduled = new AtomicReference<>();

  /**
   * Serves the configured teams (directory teams with their configured reps) until the first {@link
   * #refresh()}.
   *
   * @param sources one per platform that a team's directory names
   * @throws IllegalArgumentException when a team id repeats, the default team is unknown, a team
   *     names a platform without source, or a rep is configured in two teams without directory
   */
  public SyncedTeamDirectory(
      List<TeamSpec> specs, String defaultTeamId, List<DirectorySource> sources) {
    this.specs = List.copyOf(specs);
    this.defaultTeamId = defaultTeamId;
    Map<String, DirectorySource> byPlatform = new LinkedHashMap<>();
    sources.forEach(s -> byPlatform.put(s.platform(), s));
    this.sources = Map.copyOf(byPlatform);
    Set<String> ids = new LinkedHashSet<>();
    Map<Address, String> seen = new LinkedHashMap<>();
    for (TeamSpec spec : this.specs) {
      if (!ids.add(spec.id())) {
        throw new IllegalArgumentException("team '" + spec.id() + "' is defined twice");
      }
      if (spec.directory().isPresent()
          && !this.sources.containsKey(spec.directory().get().platform())) {
        throw new IllegalArgumentException(
            "team '"
                + spec.id()
                + "' takes its reps from "
                + spec.directory().get()
                + " but no directory is available for platform '"
                + spec.directory().get().platform()
                + "' (is it enabled?)");
      }
      if (spec.directory().isEmpty()) {
        for (Member m : spec.members()) {
          String other = seen.putIfAbsent(m.id(), spec.id());
          if (other != null) {
            throw new IllegalArgumentException(
                "rep " + m.id() + " is in two teams: " + other + " and " + spec.id());
          }
        }
      }
    }
    if (!ids.contains(defaultTeamId)) {
      throw new IllegalArgumentException(
          "default team '" + defaultTeamId + "' is not one of the configured teams " + ids);
    }
    this.snapshot.set(build());
    this.sources.values().forEach(s -> s.onChange(this::changed));
  }

  /** The departments the teams name, each once, in configuration order. */
  public List<DirectoryRef> departments() {
    return specs.stream().flatMap(s -> s.directory().stream()).distinct().toList();
  }

  /**
   * Re-reads every named department (at most four at once, each within 30 s) and swaps the
   * snapshot. Never fails: what could not be read is in the report and keeps its last good answer.
   * Empty when a refresh was already running; this one then runs right after it.
   */
  public Mono<RefreshReport> refresh() {
    return Mono.defer(
        () -> {
          if (!running.compareAndSet(false, true)) {
            again.set(true);
            return Mono.empty();
          }
          return readAll()
              .doFinally(
                  s -> {
                    running.set(false);
                    if (again.getAndSet(false)) {
                      refresh().subscribe(SyncedTeamDirectory::log, SyncedTeamDirectory::logError);
                    }
                  });
        });
  }

  /**
   * Refreshes every {@code interval} until disposed, logging what failed; the first run is after
   * one interval (read once yourself at start-up).
   */
  public Disposable schedule(Duration interval) {
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("the refresh interval must be positive, got " + interval);
    }
    Disposable d =
        Flux.interval(interval, interval)
            .onBackpressureDrop()
            .concatMap(t -> refresh().onErrorResume(e -> Mono.empty()), 1)
            .subscribe(SyncedTeamDirectory::log, SyncedTeamDirectory::logError);
    Disposable previous = scheduled.getAndSet(d);
    if (previous != null) {
      previous.dispose();
    }
    return d;
  }

  /** Stops the schedule, if any. */
  public void close() {
    Disposable d = scheduled.getAndSet(null);
    if (d != null) {
      d.dispose();
    }
  }

  private void changed() {
    refresh().subscribe(SyncedTeamDirectory::log, SyncedTeamDirectory::logError);
  }

  private static void log(RefreshReport report) {
    if (!report.ok()) {
      report
          .failed()
          .forEach(
              (ref, why) ->
                  LOG.log(
                      System.Logger.Level.WARNING,
                      "could not read directory department {0}, keeping its last known reps: {1}",
                      ref,
                      why));
    }
    report.notes().forEach(n -> LOG.log(System.Logger.Level.WARNING, n));
  }

  private static void logError(Throwable e) {
    LOG.log(System.Logger.Level.ERROR, "directory refresh failed", e);
  }

  private Mono<RefreshReport> readAll() {
    List<DirectoryRef> refs = departments();
    Map<DirectoryRef, String> failed = new ConcurrentHashMap<>();
    List<DirectoryRef> loaded = java.util.Collections.synchronizedList(new ArrayList<>());
    return Flux.fromIterable(refs)
        .flatMap(
            ref ->
                Mono.defer(() -> sources.get(ref.platform()).department(ref.departmentId()))
                    .timeout(READ_TIMEOUT)
                    .map(Optional::of)
                    .defaultIfEmpty(Optional.empty())
                    .doOnNext(
                        d -> {
                          if (d.isPresent()) {
                            lastGood.put(ref, d.get());
                            loaded.add(ref);
                          } else {
                            failed.put(
                                ref,
                                "department "
                                    + ref.departmentId()
                                    + " does not exist or is outside the app's visible range");
                          }
                        })
                    .onErrorResume(
                        e -> {
                          failed.put(
                              ref, String.valueOf(e.getMessage() == null ? e : e.getMessage()));
                          return Mono.empty();
                        }),
            4)
        .then(
            Mono.fromSupplier(
                () -> {
                  Snapshot next = build();
                  snapshot.set(next);
                  List<DirectoryRef> ordered = refs.stream().filter(loaded::contains).toList();
                  return new RefreshReport(ordered, failed, next.notes());
                }));
  }

  /** Builds a snapshot from the configuration and the last good department of each team. */
  private synchronized Snapshot build() {
    Map<String, Team> teams = new LinkedHashMap<>();
    Map<Address, Team> teamOfRep = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (TeamSpec spec : specs) {
      Department department = spec.directory().map(lastGood::get).orElse(null);
      Address manager = spec.manager();
      String managerName = spec.managerName();
      if (manager == null) {
        DirectoryRef ref = spec.directory().orElseThrow();
        Optional<Member> leader = department == null ? Optional.empty() : department.leader();
        if (leader.isPresent()) {
          manager = leader.get().id();
          managerName = managerName == null ? leader.get().name() : managerName;
        } else {
          manager = new Address(ref.platform(), NO_MANAGER);
          managerName = managerName == null ? "?" : managerName;
          notes.add(
              "team "
                  + spec.id()
                  + " has no manager: configure salesbot.teams."
                  + spec.id()
                  + ".manager or give department "
                  + ref
                  + " a leader (部门负责人/主管)"
                  + (department == null ? " (the directory has not answered yet)" : ""));
        }
      }
      if (managerName == null) {
        managerName = manager.userId();
      }
      List<Member> reps =
          department == null ? spec.members() : merge(spec, department, manager, notes);
      List<Member> kept = new ArrayList<>();
      for (Member m : reps) {
        Team other = teamOfRep.get(m.id());
        if (other != null) {
          notes.add(
              "rep "
                  + m.id()
                  + " is in teams "
                  + other.id()
                  + " and "
                  + spec.id()
                  + "; keeping them in "
                  + other.id());
          continue;
        }
        kept.add(m);
      }
      Team team = new Team(spec.id(), spec.name(), spec.regions(), manager, managerName, kept);
      teams.put(team.id(), team);
      kept.forEach(m -> teamOfRep.put(m.id(), team));
    }
    return new Snapshot(
        List.copyOf(teams.values()),
        Map.copyOf(teams),
        Map.copyOf(teamOfRep),
        teams.get(defaultTeamId),
        List.copyOf(notes));
  }

  private static List<Member> merge(
      TeamSpec spec, Department department, Address manager, List<String> notes) {
    Map<Address, Member> configured = new LinkedHashMap<>();
    spec.members().forEach(m -> configured.put(m.id(), m));
    List<Member> reps = new ArrayList<>();
    Set<Address> inDepartment = new LinkedHashSet<>();
    for (Member m : department.members()) {
      if (!inDepartment.add(m.id())) {
        continue;
      }
      Member override = configured.get(m.id());
      if (override != null) {
        reps.add(override);
      } else if (!m.id().equals(manager)) {
        reps.add(m);
      }
    }
    for (Member m : spec.members()) {
      if (!inDepartment.contains(m.id())) {
        notes.add(
            "rep "
                + m.id()
                + " is configured in team "
                + spec.id()
                + " but not in department "
                + spec.directory().orElseThrow()
                + "; left out");
      }
    }
    return reps;
  }

  private Snapshot current() {
    return snapshot.get();
  }

  @Override
  public List<Team> teams() {
    return current().teams();
  }

  @Override
  public Optional<Team> team(String teamId) {
    return Optional.ofNullable(current().byId().get(teamId));
  }

  @Override
  public Team defaultTeam() {
    return current().defaultTeam();
  }

  @Override
  public Optional<Team> teamOf(Address rep) {
    return Optional.ofNullable(current().teamOfRep().get(rep));
  }
}
