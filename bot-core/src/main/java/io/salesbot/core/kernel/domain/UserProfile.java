package io.salesbot.core.kernel.domain;

/** What a platform knows about a person: the display name, and the department or team if any. */
public record UserProfile(Address address, String name, String department) {}
