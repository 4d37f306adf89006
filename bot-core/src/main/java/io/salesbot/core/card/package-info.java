/** Building neutral cards from domain values, with wording from the message bundles. */
@NullMarked
package io.salesbot.core.card;

import org.jspecify.annotations.NullMarked;
