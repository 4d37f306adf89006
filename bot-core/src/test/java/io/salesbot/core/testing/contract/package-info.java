/**
 * Contract tests: one abstract test class per port that has an in-memory fake, run against the fake
 * (here) and against the real adapter (in adapters/postgres and adapters/redis), so a fake cannot
 * drift from what production does.
 */
@NullMarked
package io.salesbot.core.testing.contract;

import org.jspecify.annotations.NullMarked;
