/** Operations alerts: conditions checked periodically, raised and resolved to an ops chat. */
@NullMarked
package io.salesbot.core.ops;

import org.jspecify.annotations.NullMarked;
