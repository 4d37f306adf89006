package io.salesbot.adapter.wecom;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;

/**
 * Who signed in with WeCom: the {@code code} of a QR login or an OAuth2 web authorization, turned
 * into the member's user id by {@code GET /cgi-bin/auth/getuserinfo?access_token=&code=} with the
 * sending app's shared access token (WxJava 4.7's {@code WxCpOAuth2ServiceImpl.getAuthUserInfo}
 * reads the same path and the fields {@code userid}, for a member of the corp, and {@code openid},
 * for anyone else). A code is single-use; WeCom's answer to a wrong or used one is an errcode,
 * which fails the call.
 */
final class WecomSignIn {
  static final String USER_INFO = "/cgi-bin/auth/getuserinfo";

  private final WecomApi api;

  WecomSignIn(WecomApi api) {
    this.api = api;
  }

  /** The member's user id; empty when the person is not a member of the corp (only an openid). */
  Mono<String> userId(String code) {
    return api.get(USER_INFO, "code=" + URLEncoder.encode(code, StandardCharsets.UTF_8))
        .flatMap(
            answer -> {
              String userId = answer.path("userid").asString("");
              return userId.isBlank() ? Mono.empty() : Mono.just(userId);
            });
  }
}
