/** In-memory fakes of bot-core's ports, shared with other modules through the test-jar. */
@NullMarked
package io.salesbot.core.testing;

import org.jspecify.annotations.NullMarked;
