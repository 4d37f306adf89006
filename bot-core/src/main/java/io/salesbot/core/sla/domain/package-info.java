/** SLA clocks and their figures as values. */
@NullMarked
package io.salesbot.core.sla.domain;

import org.jspecify.annotations.NullMarked;
