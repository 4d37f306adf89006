package io.salesbot.server.console;

import io.salesbot.adapter.dingtalk.DingtalkAdapterConfiguration;
import io.salesbot.adapter.wecom.WecomAdapterConfiguration;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Mono;

/**
 * A platform people sign in to the console with: where to send their browser, and who they turn out
 * to be when the platform sends them back with a code.
 */
interface SignInPlatform {
  /** {@code wecom} or {@code dingtalk}: the platform of the person's address. */
  String id();

  /** The query parameter the platform's callback carries the code in. */
  String codeParameter();

  /**
   * The platform's authorization page.
   *
   * @param inWecomClient the browser is WeCom's own (its user agent says {@code wxwork})
   */
  URI authorize(String redirectUri, String state, boolean inWecomClient);

  /** The person's user id on the platform; empty when they are not of the organisation. */
  Mono<String> userId(String code);

  private static String enc(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * WeCom, with the sending app: outside WeCom the QR login of a self-built app (扫码登录, {@code
   * login_type=CorpApp}); inside the WeCom client the OAuth2 web authorization ({@code
   * snsapi_base}, silent). Both come back with {@code code} and {@code state}.
   */
  record Wecom(String corpId, int agentId, WecomAdapterConfiguration adapter)
      implements SignInPlatform {
    static final String QR_LOGIN = "https://login.work.weixin.qq.com/wwlogin/sso/login";
    static final String OAUTH2 = "https://open.weixin.qq.com/connect/oauth2/authorize";

    @Override
    public String id() {
      return "wecom";
    }

    @Override
    public String codeParameter() {
      return "code";
    }

    @Override
    public URI authorize(String redirectUri, String state, boolean inWecomClient) {
      if (inWecomClient) {
        return URI.create(
            OAUTH2
                + "?appid="
                + enc(corpId)
                + "&redirect_uri="
                + enc(redirectUri)
                + "&response_type=code&scope=snsapi_base&state="
                + enc(state)
                + "&agentid="
                + agentId
                + "#wechat_redirect");
      }
      return URI.create(
          QR_LOGIN
              + "?login_type=CorpApp&appid="
              + enc(corpId)
              + "&agentid="
              + agentId
              + "&redirect_uri="
              + enc(redirectUri)
              + "&state="
              + enc(state));
    }

    @Override
    public Mono<String> userId(String code) {
      return adapter.signInUserId(code);
    }
  }

  /**
   * DingTalk, with the app's client id (AppKey): the login page ({@code scope=openid}, {@code
   * prompt=consent}) comes back with {@code authCode} and {@code state}, or {@code error}.
   */
  record Dingtalk(String clientId, String oapiBaseUrl, DingtalkAdapterConfiguration adapter)
      implements SignInPlatform {
    static final String LOGIN = "https://login.dingtalk.com/oauth2/auth";

    @Override
    public String id() {
      return "dingtalk";
    }

    @Override
    public String codeParameter() {
      return "authCode";
    }

    @Override
    public URI authorize(String redirectUri, String state, boolean inWecomClient) {
      return URI.create(
          LOGIN
              + "?redirect_uri="
              + enc(redirectUri)
              + "&response_type=code&client_id="
              + enc(clientId)
              + "&scope=openid&state="
              + enc(state)
              + "&prompt=consent");
    }

    @Override
    public Mono<String> userId(String code) {
      return adapter.signInUserId(code, oapiBaseUrl);
    }
  }
}
