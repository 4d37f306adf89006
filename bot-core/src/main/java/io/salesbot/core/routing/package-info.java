/** Deciding which team a lead goes to. */
@NullMarked
package io.salesbot.core.routing;

import org.jspecify.annotations.NullMarked;
