/** Timers as values. */
@NullMarked
package io.salesbot.core.timer.domain;

import org.jspecify.annotations.NullMarked;
