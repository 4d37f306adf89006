package io.salesbot.adapter.dingtalk;

import io.salesbot.core.platform.ChatDeliveryException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Who signed in with DingTalk (扫码登录 / 登录第三方网站, DingTalk doc centre {@code
 * 0029-obtain-identity-credentials.md}): the {@code authCode} DingTalk's login page sends back is
 * exchanged for the person's access token ({@code POST /v1.0/oauth2/userAccessToken} {@code
 * {clientId, clientSecret, code, grantType: authorization_code}}, answer {@code accessToken}; doc
 * {@code 0032-obtain-user-token.md}), which reads their {@code unionId} ({@code GET
 * /v1.0/contact/users/me} with the header {@code x-acs-dingtalk-access-token}; doc {@code
 * 0054-dingtalk-retrieve-user-information.md}, {@code me} for the person who authorised); the app's
 * own access token then turns the unionId into the organisation's {@code userid} ({@code POST oapi
 * /topapi/user/getbyunionid} {@code {unionid}}, answer {@code result.userid} and {@code
 * result.contact_type}, 0 for an employee, 1 for an external contact; {@code 60121} no such
 * employee; doc {@code 0064-query-a-user-by-the-union-id.md}).
 */
final class DingtalkSignIn {
  static final String USER_TOKEN = "/v1.0/oauth2/userAccessToken";
  static final String ME = "/v1.0/contact/users/me";
  static final String BY_UNION_ID = "/topapi/user/getbyunionid";

  /** getbyunionid: 未找到对应员工. */
  static final String NO_SUCH_EMPLOYEE = "60121";

  private final DingtalkApi api;
  private final DingtalkSettings settings;

  DingtalkSignIn(DingtalkApi api, DingtalkSettings settings) {
    this.api = api;
    this.settings = settings;
  }

  /**
   * The organisation's user id of the person who authorised with {@code authCode}; empty when they
   * are not an employee of the organisation.
   */
  Mono<String> userId(String authCode, String oapiBaseUrl) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("clientId", settings.clientId());
    body.put("clientSecret", settings.clientSecret());
    body.put("code", authCode);
    body.put("grantType", "authorization_code");
    return api.plain("POST", USER_TOKEN, DingtalkEvents.JSON.writeValueAsString(body), null)
        .map(answer -> required(answer, "accessToken", USER_TOKEN))
        .flatMap(token -> api.plain("GET", ME, null, token))
        .map(me -> required(me, "unionId", ME))
        .flatMap(unionId -> employee(unionId, oapiBaseUrl));
  }

  private Mono<String> employee(String unionId, String oapiBaseUrl) {
    ObjectNode body = DingtalkEvents.JSON.createObjectNode();
    body.put("unionid", unionId);
    return api.oapi(oapiBaseUrl, BY_UNION_ID, body)
        .flatMap(
            answer -> {
              JsonNode result = answer.path("result");
              String userId = DingtalkEvents.text(result, "userid");
              String type = DingtalkEvents.text(result, "contact_type");
              // contact_type 1: an external contact, not one of the organisation's people.
              return userId.isBlank() || "1".equals(type) ? Mono.empty() : Mono.just(userId);
            })
        .onErrorResume(
            e -> e instanceof ChatDeliveryException c && NO_SUCH_EMPLOYEE.equals(c.code()),
            e -> Mono.empty());
  }

  private static String required(JsonNode answer, String field, String path) {
    String value = DingtalkEvents.text(answer, field);
    if (value.isBlank()) {
      throw new ChatDeliveryException(
          DingtalkApi.PLATFORM, "sign-in", path + " answered without " + field, false);
    }
    return value;
  }
}
