/** Teams, their reps and managers, as configured or read from a platform directory. */
@NullMarked
package io.salesbot.core.team.domain;

import org.jspecify.annotations.NullMarked;
