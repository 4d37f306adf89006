/** Looking up teams, reps and managers. */
@NullMarked
package io.salesbot.core.team;

import org.jspecify.annotations.NullMarked;
