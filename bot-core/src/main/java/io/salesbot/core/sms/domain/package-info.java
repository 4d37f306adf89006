/** Welcome SMS values: the settings, a message to send and what the provider answered. */
@NullMarked
package io.salesbot.core.sms.domain;

import org.jspecify.annotations.NullMarked;
