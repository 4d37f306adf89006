/**
 * Values every feature uses: addresses, the neutral card model, inbound events and outbound
 * commands, the neutral chart model, and a lead as submitted.
 */
@NullMarked
package io.salesbot.core.kernel.domain;

import org.jspecify.annotations.NullMarked;
