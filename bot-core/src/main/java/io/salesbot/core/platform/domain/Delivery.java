package io.salesbot.core.platform.domain;

import io.salesbot.core.kernel.domain.Address;

/** One recipient's copy of a sent message, with the platform's own reference to it. */
public record Delivery(String commandId, Address recipient, String platformRef) {}
