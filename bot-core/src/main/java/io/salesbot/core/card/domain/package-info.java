/** The platform-neutral card model. */
@NullMarked
package io.salesbot.core.card.domain;

import org.jspecify.annotations.NullMarked;
