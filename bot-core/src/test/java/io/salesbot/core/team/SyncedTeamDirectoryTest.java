package io.salesbot.core.team;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.team.DirectorySource.Department;
import io.salesbot.core.team.SyncedTeamDirectory.RefreshReport;
import io.salesbot.core.team.domain.DirectoryRef;
import io.salesbot.core.team.domain.Member;
import io.salesbot.core.team.domain.Team;
import io.salesbot.core.team.domain.TeamSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class SyncedTeamDirectoryTest {
  static final Address ZHANG = new Address("wecom", "ZhangSan");
  static final Address LI = new Address("wecom", "LiSi");
  static final Address WANG = new Address("wecom", "WangWu");
  static final Address BOSS = new Address("wecom", "Boss");
  static final Address SANDBOX_BOSS = Address.parse("sandbox:zhaoliu");

  /** A directory in memory: departments by id, or an error to answer with. */
  static final class FakeSource implements DirectorySource {
    final Map<String, Department> departments = new ConcurrentHashMap<>();
    final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    final AtomicInteger reads = new AtomicInteger();
    volatile RuntimeException failure;
    volatile Sinks.One<Department> gate;

    @Override
    public String platform() {
      return "wecom";
    }

    @Override
    public Mono<Department> department(String departmentId) {
      reads.incrementAndGet();
      if (failure != null) {
        return Mono.error(failure);
      }
      Sinks.One<Department> g = gate;
      if (g != null) {
        return g.asMono();
      }
      return Mono.justOrEmpty(departments.get(departmentId));
    }

    @Override
    public void onChange(Runnable listener) {
      listeners.add(listener);
    }

    void put(String id, String name, Address leader, Address... members) {
      List<Member> list = new ArrayList<>();
      for (Address a : members) {
        list.add(new Member(a, a.userId() + "-dir"));
      }
      departments.put(
          id,
          new Department(
              id,
              name,
              leader == null ? Optional.empty() : Optional.of(new Member(leader, "主管")),
              list));
    }
  }

  final FakeSource source = new FakeSource();

  static TeamSpec directoryTeam(String id, Address manager, List<Member> members, String dept) {
    return new TeamSpec(
        id,
        id + "组",
        List.of("华东"),
        manager,
        null,
        members,
        Optional.of(DirectoryRef.parse("wecom:" + dept)));
  }

  static TeamSpec staticTeam(String id, Address manager, Member... members) {
    return new TeamSpec(
        id, id + "组", List.of("华南"), manager, "孙八", List.of(members), Optional.empty());
  }

  SyncedTeamDirectory directory(TeamSpec... specs) {
    return new SyncedTeamDirectory(List.of(specs), specs[0].id(), List.of(source));
  }

  @Test
  void a_directory_team_takes_its_reps_and_leader_from_the_department() {
    source.put("2", "华东销售部", BOSS, BOSS, ZHANG, LI);
    SyncedTeamDirectory d =
        directory(
            directoryTeam("east", null, List.of(), "2"),
            staticTeam("south", SANDBOX_BOSS, new Member(Address.parse("sandbox:chenqi"), "陈七")));

    RefreshReport report = d.refresh().block();

    assertThat(report.ok()).isTrue();
    assertThat(report.loaded()).containsExactly(DirectoryRef.parse("wecom:2"));
    Team east = d.team("east").orElseThrow();
    assertThat(east.manager()).isEqualTo(BOSS);
    assertThat(east.managerName()).isEqualTo("主管");
    // the leader manages; they are not offered leads as a rep
    assertThat(east.members()).extracting(Member::id).containsExactly(ZHANG, LI);
    assertThat(east.regions()).containsExactly("华东");
    assertThat(d.teamOf(LI)).contains(east);
    assertThat(d.teamOf(BOSS)).isEmpty();
    assertThat(d.displayName(BOSS)).isEqualTo("主管");
    assertThat(d.team("south").orElseThrow().members()).hasSize(1);
    assertThat(d.teams()).extracting(Team::id).containsExactly("east", "south");
  }

  @Test
  void configured_manager_and_rep_settings_win_and_reps_outside_the_department_are_left_out() {
    source.put("2", "华东销售部", BOSS, ZHANG, LI);
    Member heavyZhang = new Member(ZHANG, "张三", Set.of("制造"), 3);
    Member gone = new Member(WANG, "王五");
    SyncedTeamDirectory d =
        directory(directoryTeam("east", SANDBOX_BOSS, List.of(heavyZhang, gone), "2"));

    // before the directory answered: the configured reps
    assertThat(d.team("east").orElseThrow().members()).containsExactly(heavyZhang, gone);

    RefreshReport report = d.refresh().block();

    Team east = d.team("east").orElseThrow();
    assertThat(east.manager()).isEqualTo(SANDBOX_BOSS);
    assertThat(east.members()).containsExactly(heavyZhang, new Member(LI, "LiSi-dir"));
    assertThat(d.teamOf(WANG)).isEmpty();
    assertThat(report.notes()).anyMatch(n -> n.contains("wecom:WangWu") && n.contains("left out"));
  }

  @Test
  void a_failed_refresh_keeps_the_last_good_snapshot_and_says_why() {
    source.put("2", "华东销售部", BOSS, ZHANG, LI);
    SyncedTeamDirectory d = directory(directoryTeam("east", null, List.of(), "2"));
    d.refresh().block();

    source.failure = new IllegalStateException("errcode 60011: no privilege to access");
    RefreshReport failed = d.refresh().block();

    assertThat(failed.ok()).isFalse();
    assertThat(failed.failed())
        .containsEntry(DirectoryRef.parse("wecom:2"), "errcode 60011: no privilege to access");
    assertThat(d.team("east").orElseThrow().members()).extracting(Member::id).contains(ZHANG, LI);
    assertThat(d.team("east").orElseThrow().manager()).isEqualTo(BOSS);

    source.failure = null;
    source.departments.remove("2");
    RefreshReport missing = d.refresh().block();
    assertThat(missing.failed().get(DirectoryRef.parse("wecom:2"))).contains("does not exist");
    assertThat(d.team("east").orElseThrow().members()).hasSize(2);

    source.put("2", "华东销售部", BOSS, WANG);
    assertThat(d.refresh().block().ok()).isTrue();
    assertThat(d.team("east").orElseThrow().members()).extracting(Member::id).containsExactly(WANG);
    assertThat(d.teamOf(ZHANG)).isEmpty();
  }

  @Test
  void before_any_answer_a_team_without_manager_has_an_unreachable_placeholder_and_a_note() {
    source.failure = new IllegalStateException("connection refused");
    SyncedTeamDirectory d = directory(directoryTeam("east", null, List.of(), "2"));

    RefreshReport report = d.refresh().block();

    Team east = d.team("east").orElseThrow();
    assertThat(east.manager()).isEqualTo(new Address("wecom", SyncedTeamDirectory.NO_MANAGER));
    assertThat(east.members()).isEmpty();
    assertThat(report.notes())
        .anyMatch(n -> n.contains("salesbot.teams.east.manager") && n.contains("wecom:2"));
  }

  @Test
  void a_person_in_two_departments_stays_in_the_first_team() {
    source.put("2", "一组", BOSS, ZHANG, LI);
    source.put("3", "二组", SANDBOX_BOSS, LI, WANG);
    SyncedTeamDirectory d =
        directory(
            directoryTeam("east", null, List.of(), "2"),
            directoryTeam("north", SANDBOX_BOSS, List.of(), "3"));

    RefreshReport report = d.refresh().block();

    assertThat(d.teamOf(LI).orElseThrow().id()).isEqualTo("east");
    assertThat(d.team("north").orElseThrow().members())
        .extracting(Member::id)
        .containsExactly(WANG);
    assertThat(report.notes()).anyMatch(n -> n.contains("wecom:LiSi is in teams east and north"));
  }

  @Test
  void a_change_reported_by_the_source_refreshes_and_overlapping_refreshes_run_once_more_after() {
    source.put("2", "华东销售部", BOSS, ZHANG);
    SyncedTeamDirectory d = directory(directoryTeam("east", null, List.of(), "2"));
    assertThat(source.listeners).hasSize(1);

    source.gate = Sinks.one();
    Mono<RefreshReport> first = d.refresh().cache();
    first.subscribe();
    assertThat(source.reads.get()).isEqualTo(1);
    // a change while the first read is in flight: no second read at once ...
    source.listeners.get(0).run();
    assertThat(source.reads.get()).isEqualTo(1);
    assertThat(d.refresh().blockOptional()).isEmpty();

    source.put("2", "华东销售部", BOSS, ZHANG, LI);
    Sinks.One<Department> gate = source.gate;
    source.gate = null;
    gate.tryEmitValue(source.departments.get("2"));
    first.block(Duration.ofSeconds(5));
    // ... but one more right after it
    assertThat(source.reads.get()).isEqualTo(2);
    assertThat(d.teamOf(LI)).isPresent();
  }

  @Test
  void the_schedule_refreshes_until_disposed() throws InterruptedException {
    source.put("2", "华东销售部", BOSS, ZHANG);
    SyncedTeamDirectory d = directory(directoryTeam("east", null, List.of(), "2"));
    Disposable schedule = d.schedule(Duration.ofMillis(20));
    long deadline = System.currentTimeMillis() + 5000;
    while (source.reads.get() < 3 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    schedule.dispose();
    assertThat(source.reads.get()).isGreaterThanOrEqualTo(3);
    assertThatThrownBy(() -> d.schedule(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void configuration_mistakes_are_refused_with_the_team_named() {
    assertThatThrownBy(
            () ->
                new SyncedTeamDirectory(
                    List.of(directoryTeam("east", null, List.of(), "2")), "east", List.of()))
        .hasMessageContaining("team 'east'")
        .hasMessageContaining("platform 'wecom'");
    assertThatThrownBy(() -> directory(staticTeam("a", SANDBOX_BOSS), staticTeam("a", BOSS)))
        .hasMessageContaining("defined twice");
    assertThatThrownBy(
            () ->
                new SyncedTeamDirectory(
                    List.of(staticTeam("a", SANDBOX_BOSS)), "nope", List.of(source)))
        .hasMessageContaining("default team 'nope'");
    assertThatThrownBy(
            () ->
                directory(
                    staticTeam("a", SANDBOX_BOSS, new Member(ZHANG, "张三")),
                    staticTeam("b", BOSS, new Member(ZHANG, "张三"))))
        .hasMessageContaining("two teams");
    assertThatThrownBy(
            () -> new TeamSpec("x", "x", List.of(), null, null, List.of(), Optional.empty()))
        .hasMessageContaining("needs a manager");
    assertThatThrownBy(() -> DirectoryRef.parse("wecom:")).hasMessageContaining("wecom:2");
    assertThatThrownBy(() -> DirectoryRef.parse("2")).hasMessageContaining("<platform>");
    assertThat(DirectoryRef.parse(" dingtalk : 123 "))
        .isEqualTo(new DirectoryRef("dingtalk", "123"));
  }
}
