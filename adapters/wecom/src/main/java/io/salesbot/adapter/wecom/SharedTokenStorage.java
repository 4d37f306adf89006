package io.salesbot.adapter.wecom;

import io.salesbot.adapter.support.SharedAccessToken;
import io.salesbot.core.platform.AccessTokens;
import java.time.Clock;
import java.util.concurrent.locks.Lock;
import me.chanjar.weixin.common.bean.WxAccessToken;
import me.chanjar.weixin.cp.config.impl.WxCpDefaultConfigImpl;

/**
 * WxJava's WeCom configuration storage with the access token {@code wecom:<corpId>:<agentId>}
 * shared between instances by {@link SharedAccessToken}: one fetch for the cluster, under a shared
 * lock, with a near copy in this JVM; when the shared store is unreachable the token is kept in
 * this JVM only.
 */
final class SharedTokenStorage extends WxCpDefaultConfigImpl {
  private static final long serialVersionUID = 1L;

  private final transient SharedAccessToken token;

  SharedTokenStorage(AccessTokens tokens, Clock clock, String corpId, int agentId) {
    this.token = new SharedAccessToken(tokens, clock, "wecom:" + corpId + ":" + agentId, "WeCom");
  }

  String key() {
    return token.key();
  }

  @Override
  public String getAccessToken() {
    return token.value();
  }

  @Override
  public boolean isAccessTokenExpired() {
    return token.expired();
  }

  @Override
  public void expireAccessToken() {
    token.expire();
  }

  @Override
  public synchronized void updateAccessToken(WxAccessToken accessToken) {
    token.update(accessToken.getAccessToken(), accessToken.getExpiresIn());
  }

  @Override
  public synchronized void updateAccessToken(String accessToken, int expiresInSeconds) {
    token.update(accessToken, expiresInSeconds);
  }

  @Override
  public Lock getAccessTokenLock() {
    return token.lock();
  }
}
