/**
 * The shared kernel every feature talks through: wording ({@link
 * io.salesbot.core.kernel.Messages}), replies and the outbox, the inbound queue, the chart
 * renderer, the {@link io.salesbot.core.kernel.Talk} bundle and the card-action registry. Depends
 * on nothing else of ours.
 */
@NullMarked
package io.salesbot.core.kernel;

import org.jspecify.annotations.NullMarked;
