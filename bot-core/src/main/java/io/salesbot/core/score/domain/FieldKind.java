package io.salesbot.core.score.domain;

/** How a type field is written and checked when a record is parsed. */
public enum FieldKind {
  /** Free text, 1 to 200 characters. */
  TEXT,
  /** A decimal number such as 1200.50; its sign and scale are validation rules, not refusals. */
  DECIMAL,
  /** A person's address, {@code <platform>:<userId>}. */
  ADDRESS
}
