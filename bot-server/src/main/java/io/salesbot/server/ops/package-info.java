/** Ops alerts ({@code salesbot.ops.*}): checked periodically, told to the ops chat. */
@NullMarked
package io.salesbot.server.ops;

import org.jspecify.annotations.NullMarked;
