/** Lead intake, ingestion and claiming: the use cases and the ports they need. */
@NullMarked
package io.salesbot.core.lead;

import org.jspecify.annotations.NullMarked;
