/**
 * Wiring of each chat platform adapter, on when its configuration turns it on, and of the chart
 * images sent with some answers.
 */
@NullMarked
package io.salesbot.server.platforms;

import org.jspecify.annotations.NullMarked;
