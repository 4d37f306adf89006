/** Configuration properties and the wiring of use cases to adapters. */
@NullMarked
package io.salesbot.server.config;

import org.jspecify.annotations.NullMarked;
