/** The bare WebFlux yardstick of the intake benchmark ({@code scripts/bench.sh --vs-bare}). */
@NullMarked
package io.salesbot.bench.bare;

import org.jspecify.annotations.NullMarked;
