package io.salesbot.adapter.wechatmp;

import io.salesbot.adapter.support.SharedAccessToken;
import io.salesbot.core.platform.AccessTokens;
import java.time.Clock;
import java.util.concurrent.locks.Lock;
import me.chanjar.weixin.common.bean.WxAccessToken;
import me.chanjar.weixin.mp.config.impl.WxMpDefaultConfigImpl;

/**
 * WxJava mp's configuration with the access token {@code wechat-mp:<appId>} shared between
 * instances by {@link SharedAccessToken}: one fetch for the cluster, under a shared lock, with a
 * near copy in this JVM; when the shared store is unreachable the token is kept in this JVM only.
 */
final class SharedTokenStorage extends WxMpDefaultConfigImpl {
  private static final long serialVersionUID = 1L;

  private final transient SharedAccessToken token;

  SharedTokenStorage(AccessTokens tokens, Clock clock, String appId) {
    this.token = new SharedAccessToken(tokens, clock, "wechat-mp:" + appId, "official-account");
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
