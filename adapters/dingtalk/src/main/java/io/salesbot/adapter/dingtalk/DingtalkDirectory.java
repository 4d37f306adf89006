package io.salesbot.adapter.dingtalk;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DingTalk's address book (通讯录) as a {@link DirectorySource}, through DingTalk's old API host
 * ({@code https://oapi.dingtalk.com}) with the app's shared access token: {@code POST
 * /topapi/v2/department/get} ({@code {"dept_id":…}} → {@code result.name}, {@code
 * result.dept_manager_userid_list}) and {@code POST /topapi/user/listsimple} ({@code
 * {"dept_id":…,"cursor":…,"size":100}} → {@code result.list[].userid/name}, paged by {@code
 * has_more}/{@code next_cursor}) for the department's direct members. Both need the app's 通讯录只读权限
 * (Contact.User.Read / 成员信息读权限) and the department in the app's 通讯录权限范围.
 *
 * <p>Answers are cached per department with Caffeine for the refresh interval; failures are not
 * cached. In HTTP mode the org events {@code user_add_org}, {@code user_modify_org}, {@code
 * user_leave_org}, {@code org_dept_create}, {@code org_dept_modify}, {@code org_dept_remove} empty
 * the cache and tell the listeners (only the instance that receives the event; the others catch up
 * on their schedule). In Stream mode salesbot does not subscribe to these events: changes arrive
 * with the scheduled refresh.
 *
 * <p>Verified against DingTalk's published API reference (request and answer fields above) but not
 * against the live service: that the new-style access token works on the old host, that {@code
 * 60003} is the "department does not exist" code, and that the leader list is returned for a
 * department whose managers are outside the app's range.
 */
final class DingtalkDirectory implements DirectorySource {
  static final String DEFAULT_OAPI_BASE_URL = "https://oapi.dingtalk.com";
  static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  /** HTTP-mode event types that can change a team. */
  static final Set<String> CHANGES =
      Set.of(
          "user_add_org",
          "user_modify_org",
          "user_leave_org",
          "org_dept_create",
          "org_dept_modify",
          "org_dept_remove");

  /** Department does not exist. */
  static final Set<String> NOT_FOUND = Set.of("60003");

  /** Members per page (DingTalk's maximum) and pages read at most (10,000 people). */
  static final int PAGE = 100;

  static final int MAX_PAGES = 100;

  private static final Logger log = LoggerFactory.getLogger(DingtalkDirectory.class);

  private final DingtalkApi api;
  private final String oapiBaseUrl;
  private final DepartmentCache cache;

  DingtalkDirectory(DingtalkApi api, String oapiBaseUrl, Duration ttl) {
    this.api = api;
    this.oapiBaseUrl =
        oapiBaseUrl.endsWith("/")
            ? oapiBaseUrl.substring(0, oapiBaseUrl.length() - 1)
            : oapiBaseUrl;
    this.cache = new DepartmentCache("DingTalk", ttl, this::read);
  }

  @Override
  public String platform() {
    return DingtalkApi.PLATFORM;
  }

  @Override
  public Mono<Department> department(String departmentId) {
    return cache.department(departmentId);
  }

  @Override
  public void onChange(Runnable listener) {
    cache.onChange(listener);
  }

  /** Whether a decrypted HTTP-mode event is an org change that can change a team. */
  static boolean isOrgChange(JsonNode event) {
    return CHANGES.contains(DingtalkEvents.text(event, "EventType"));
  }

  /** The org changed: forget every cached department and tell the listeners. */
  void changed(JsonNode event) {
    cache.changed(DingtalkEvents.text(event, "EventType"));
  }

  private Mono<Department> read(String id) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("dept_id", Long.parseLong(id));
    body.put("language", "zh_CN");
    return api.oapi(oapiBaseUrl, "/topapi/v2/department/get", body)
        .flatMap(d -> members(id, 0, 0, new LinkedHashMap<>()).map(m -> department(id, d, m)))
        .onErrorResume(
            ChatDeliveryException.class,
            e -> NOT_FOUND.contains(e.code()) ? Mono.empty() : Mono.error(e));
  }

  private Mono<Map<String, Member>> members(
      String id, long cursor, int page, Map<String, Member> into) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("dept_id", Long.parseLong(id));
    body.put("cursor", cursor);
    body.put("size", PAGE);
    body.put("language", "zh_CN");
    return api.oapi(oapiBaseUrl, "/topapi/user/listsimple", body)
        .flatMap(
            answer -> {
              JsonNode result = answer.path("result");
              for (JsonNode u : result.path("list")) {
                String userId = DingtalkEvents.text(u, "userid");
                member(userId, DingtalkEvents.text(u, "name"))
                    .ifPresent(m -> into.putIfAbsent(userId, m));
              }
              boolean more = result.path("has_more").asBoolean(false);
              long next = result.path("next_cursor").asLong(-1);
              if (more && next > cursor && page + 1 < MAX_PAGES) {
                return members(id, next, page + 1, into);
              }
              if (more) {
                log.warn(
                    "DingTalk department {} has more than {} members; read the first ones",
                    id,
                    PAGE * MAX_PAGES);
              }
              return Mono.just(into);
            });
  }

  private static Department department(String id, JsonNode answer, Map<String, Member> members) {
    JsonNode d = answer.path("result");
    Optional<Member> leader = Optional.empty();
    for (JsonNode l : d.path("dept_manager_userid_list")) {
      String userId = l.isValueNode() ? l.asString() : "";
      leader = Optional.ofNullable(members.get(userId)).or(() -> member(userId, ""));
      if (leader.isPresent()) {
        break;
      }
    }
    String name = DingtalkEvents.text(d, "name");
    return new Department(
        id, name.isBlank() ? id : name, leader, new ArrayList<>(members.values()));
  }

  private static Optional<Member> member(String userId, String name) {
    if (userId.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          new Member(new Address(DingtalkApi.PLATFORM, userId), name.isBlank() ? userId : name));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
