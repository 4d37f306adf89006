/** The demo deals of the try-out mode: created once on an empty store, for the demo teams. */
@NullMarked
package io.salesbot.server.demo;

import org.jspecify.annotations.NullMarked;
