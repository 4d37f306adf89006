/**
 * What the chat-platform adapters (WeCom, the WeChat official account, DingTalk, and the sandbox's
 * HTTP side) share, so that each piece of platform machinery is written once: the AES/SHA-1
 * callback envelope ({@link io.salesbot.adapter.support.CallbackCrypto}), the fence around a
 * platform API ({@link io.salesbot.adapter.support.PlatformFence}, {@link
 * io.salesbot.adapter.support.PlatformErrors}), access tokens shared between instances ({@link
 * io.salesbot.adapter.support.SharedAccessToken}), card button keys ({@link
 * io.salesbot.adapter.support.ButtonKeys}), bounded request bodies ({@link
 * io.salesbot.adapter.support.BoundedBody}) and RFC 9457 problems ({@link
 * io.salesbot.adapter.support.HttpProblem}, {@link io.salesbot.adapter.support.CallbackProblem}).
 * Depends on bot-core and on no adapter or platform SDK; adapters may depend on it.
 */
@NullMarked
package io.salesbot.adapter.support;

import org.jspecify.annotations.NullMarked;
