package io.salesbot.core.platform.domain;

/** One recipient's copy of a sent message, with the platform's own reference to it. */
public record Delivery(String commandId, Address recipient, String platformRef) {}
