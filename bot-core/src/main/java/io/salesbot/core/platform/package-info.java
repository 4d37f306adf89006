/**
 * Ports to chat platforms and queues, and the use cases that move events and commands through them.
 */
@NullMarked
package io.salesbot.core.platform;

import org.jspecify.annotations.NullMarked;
