/** Leads: submissions, validation, ownership and history, as pure values and decisions. */
@NullMarked
package io.salesbot.core.lead.domain;

import org.jspecify.annotations.NullMarked;
