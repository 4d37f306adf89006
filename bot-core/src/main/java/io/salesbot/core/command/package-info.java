/** Slash commands typed in chat. */
@NullMarked
package io.salesbot.core.command;

import org.jspecify.annotations.NullMarked;
