/**
 * Deal stages as values: the configured stages and checkpoints ({@link
 * io.salesbot.core.stage.domain.StageModel}), a deal and its checkpoints' states, evidence rules,
 * and the table of legal moves ({@link io.salesbot.core.stage.domain.StageMove}).
 */
@NullMarked
package io.salesbot.core.stage.domain;

import org.jspecify.annotations.NullMarked;
