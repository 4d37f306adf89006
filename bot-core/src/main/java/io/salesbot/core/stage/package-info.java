/**
 * Deal stages in chat: a claimed lead becomes a deal; evidence typed or sent to the bot completes
 * checkpoints; gates, skips with the manager's approval (evidence debt), moves back, won, lost,
 * invalid. Ports: {@link io.salesbot.core.stage.Deals}, {@link
 * io.salesbot.core.stage.EvidenceStore}.
 */
@NullMarked
package io.salesbot.core.stage;

import org.jspecify.annotations.NullMarked;
