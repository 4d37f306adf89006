/** The signed lead intake API. */
@NullMarked
package io.salesbot.server.intake;

import org.jspecify.annotations.NullMarked;
