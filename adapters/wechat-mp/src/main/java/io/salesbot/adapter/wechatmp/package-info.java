/** The WeChat official account (公众号) adapter: callbacks, QR scenes and the H5 lead form. */
@NullMarked
package io.salesbot.adapter.wechatmp;

import org.jspecify.annotations.NullMarked;
