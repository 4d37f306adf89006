/**
 * What the chat-platform adapters (WeCom, the WeChat official account, DingTalk) share, so that
 * each piece of platform machinery is written once: the AES/SHA-1 callback envelope the three
 * platforms use ({@link io.salesbot.adapter.support.CallbackCrypto}), access tokens shared between
 * instances ({@link io.salesbot.adapter.support.SharedAccessToken}) and refused callbacks as RFC
 * 9457 problems ({@link io.salesbot.adapter.support.CallbackProblem}). Depends on bot-core and on
 * no adapter; adapters may depend on it.
 */
@NullMarked
package io.salesbot.adapter.support;

import org.jspecify.annotations.NullMarked;
