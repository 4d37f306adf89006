package io.salesbot.adapter.wecom;

import io.salesbot.adapter.support.DepartmentCache;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.team.DirectorySource;
import io.salesbot.core.team.domain.Member;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * WeCom's address book (通讯录) as a {@link DirectorySource}: {@code GET /cgi-bin/department/get?id=}
 * for the department's name and leaders ({@code department_leader}), and {@code GET
 * /cgi-bin/user/simplelist?department_id=&fetch_child=0} for its direct members, both through
 * {@link WecomApi} (shared access token, bulkhead, circuit breaker, retry).
 *
 * <p>Answers are cached per department with Caffeine for the refresh interval, so that teams naming
 * the same department, and refreshes that follow each other closely, cost one pair of calls. A
 * failed read is not cached. WeCom's {@code change_contact} callback (a member or department
 * created, updated or deleted) empties the cache and tells the listeners, which re-read at once.
 *
 * <p>What the app needs: a self-built app (自建应用) sees only the people and departments in its
 * visible range (可见范围), so the departments salesbot reads must be in it; the leader is returned
 * only when they are in the visible range too. {@code 60003}/{@code 60123} (no such department)
 * read as "does not exist"; other errors (e.g. {@code 60011}, no privilege) as "could not ask".
 */
final class WecomDirectory implements DirectorySource {
  static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** Change types of {@code Event=change_contact} that can change a team. */
  static final Set<String> CHANGES =
      Set.of(
          "create_user",
          "update_user",
          "delete_user",
          "create_party",
          "update_party",
          "delete_party");

  /** Department does not exist / invalid department id. */
  static final Set<String> NOT_FOUND = Set.of("60003", "60123");

  private final WecomApi api;
  private final DepartmentCache cache;

  WecomDirectory(WecomApi api, Duration ttl) {
    this.api = api;
    this.cache = new DepartmentCache("WeCom", ttl, this::read);
  }

  /** Keeps answers this long from now on (the server sets its refresh interval). */
  void ttl(Duration ttl) {
    cache.ttl(ttl);
  }

  @Override
  public String platform() {
    return WecomApi.PLATFORM;
  }

  @Override
  public Mono<Department> department(String departmentId) {
    return cache.department(departmentId);
  }

  @Override
  public void onChange(Runnable listener) {
    cache.onChange(listener);
  }

  /** Whether a decrypted callback is a directory change that can change a team. */
  static boolean isContactChange(Map<String, String> fields) {
    return "event".equals(fields.get("MsgType"))
        && "change_contact".equals(fields.get("Event"))
        && CHANGES.contains(fields.getOrDefault("ChangeType", ""));
  }

  /**
   * The directory changed: forget every cached department and tell the listeners. Only this
   * instance hears WeCom's callback; the others catch up on their schedule.
   */
  void changed(Map<String, String> fields) {
    cache.changed(
        fields.getOrDefault("ChangeType", "?")
            + " "
            + fields.getOrDefault("UserID", fields.getOrDefault("Id", "")));
  }

  private Mono<Department> read(String id) {
    return api.get("/cgi-bin/department/get", "id=" + id)
        .flatMap(
            d ->
                api.get("/cgi-bin/user/simplelist", "department_id=" + id + "&fetch_child=0")
                    .map(users -> department(id, d.path("department"), users.path("userlist"))))
        .onErrorResume(
            ChatDeliveryException.class,
            e -> NOT_FOUND.contains(e.code()) ? Mono.empty() : Mono.error(e));
  }

  private static Department department(String id, JsonNode d, JsonNode userlist) {
    Map<String, Member> members = new LinkedHashMap<>();
    for (JsonNode u : userlist) {
      String userId = u.path("userid").asString("");
      member(userId, u.path("name").asString("")).ifPresent(m -> members.put(userId, m));
    }
    Optional<Member> leader = Optional.empty();
    for (JsonNode l : d.path("department_leader")) {
      String userId = l.asString("");
      leader = Optional.ofNullable(members.get(userId)).or(() -> member(userId, ""));
      if (leader.isPresent()) {
        break;
      }
    }
    String name = d.path("name").asString("");
    return new Department(
        id, name.isBlank() ? id : name, leader, new ArrayList<>(members.values()));
  }

  private static Optional<Member> member(String userId, String name) {
    if (userId.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Member(new Address(WecomApi.PLATFORM, userId), name.isBlank() ? userId : name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
