/** The first-touch SLA: clocks started at claim, Contacted, reminders, escalation to managers. */
@NullMarked
package io.salesbot.core.sla;

import org.jspecify.annotations.NullMarked;
