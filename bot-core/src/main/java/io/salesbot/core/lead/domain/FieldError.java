package io.salesbot.core.lead.domain;

/** One thing wrong with one field of a submission, in words a form user can act on. */
public record FieldError(String field, String message) {}
