/** The WeCom (企业微信) self-built app adapter. */
@NullMarked
package io.salesbot.adapter.wecom;

import org.jspecify.annotations.NullMarked;
