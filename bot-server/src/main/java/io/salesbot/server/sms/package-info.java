/** Welcome SMS: the {@code salesbot.sms.*} properties and the Aliyun SMS adapter's wiring. */
@NullMarked
package io.salesbot.server.sms;

import org.jspecify.annotations.NullMarked;
