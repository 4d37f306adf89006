package io.salesbot.core.lead.domain;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A lead as a source sent it, before validation. */
public record RawLead(
    @Nullable String name,
    @Nullable String phone,
    @Nullable String company,
    @Nullable String region,
    @Nullable String industry,
    @Nullable String product,
    @Nullable String message,
    @Nullable String externalId,
    @Nullable String openId,
    @Nullable Map<String, String> attributes) {}
