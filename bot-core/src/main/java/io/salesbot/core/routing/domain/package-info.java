/** Routing decisions as values. */
@NullMarked
package io.salesbot.core.routing.domain;

import org.jspecify.annotations.NullMarked;
