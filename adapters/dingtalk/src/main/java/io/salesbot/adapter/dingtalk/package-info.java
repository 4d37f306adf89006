/** The DingTalk (钉钉) adapter: Stream mode and HTTP callbacks, interactive cards, robot messages. */
@NullMarked
package io.salesbot.adapter.dingtalk;

import org.jspecify.annotations.NullMarked;
