/**
 * Scorecard records as values: the record types and their fields ({@link
 * io.salesbot.core.score.domain.RecordType}), parsing a submitted record ({@link
 * io.salesbot.core.score.domain.RecordParser}), its versions, the validation rules ({@link
 * io.salesbot.core.score.domain.RecordValidation}) and the holds a quarantined record puts on reps.
 */
@NullMarked
package io.salesbot.core.score.domain;

import org.jspecify.annotations.NullMarked;
