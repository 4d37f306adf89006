/** E-mail as an outbound channel: neutral cards and texts sent as mail over SMTP. */
@NullMarked
package io.salesbot.adapter.email;

import org.jspecify.annotations.NullMarked;
