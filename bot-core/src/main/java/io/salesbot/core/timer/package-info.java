/** Durable timers: scheduling them, and firing each once when it is due. */
@NullMarked
package io.salesbot.core.timer;

import org.jspecify.annotations.NullMarked;
