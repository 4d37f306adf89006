/** The salesbot application: wiring, configuration and HTTP endpoints. */
@NullMarked
package io.salesbot.server;

import org.jspecify.annotations.NullMarked;
