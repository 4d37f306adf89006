/**
 * Platform-neutral values that cross the chat-platform boundary: addresses, inbound events,
 * outbound commands.
 */
@NullMarked
package io.salesbot.core.platform.domain;

import org.jspecify.annotations.NullMarked;
