package io.salesbot.core.kernel.domain;

/** A piece of a card's body. */
public sealed interface CardElement {
  /** A paragraph. */
  record Text(String text) implements CardElement {}

  /** A labelled value, such as 地区: 华东. */
  record Field(String label, String value) implements CardElement {}

  /** A small, de-emphasised line, such as the source and time. */
  record Note(String text) implements CardElement {}
}
