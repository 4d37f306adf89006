/** Wiring of each chat platform adapter, on when its configuration turns it on. */
@NullMarked
package io.salesbot.server.platforms;

import org.jspecify.annotations.NullMarked;
