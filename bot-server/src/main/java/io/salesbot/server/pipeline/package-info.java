/** Running the stream consumers and senders for the life of the application. */
@NullMarked
package io.salesbot.server.pipeline;

import org.jspecify.annotations.NullMarked;
