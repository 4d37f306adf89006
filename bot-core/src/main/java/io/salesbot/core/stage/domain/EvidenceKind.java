package io.salesbot.core.stage.domain;

import java.util.Locale;

/** What a piece of evidence is: a checkpoint names the kinds it needs. */
public enum EvidenceKind {
  /** A text note (meeting minutes, objections and answers). */
  NOTE,
  /** A document (proposal, quotation, contract). */
  FILE,
  /** A photo (demo, visit); its watermark text is recorded. */
  PHOTO,
  /** An amount or a range, in yuan (budget, quotation, contract, payment). */
  AMOUNT,
  /** A date (an appointment, a payment). */
  DATE,
  /** A person and their role (the decision maker). */
  PERSON;

  public String labelKey() {
    return "evidence." + name().toLowerCase(Locale.ROOT);
  }

  /** Parses {@code note}, {@code FILE}, ... */
  public static EvidenceKind parse(String text) {
    try {
      return valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + text + "' is not an evidence kind; use note, file, photo, amount, date or person");
    }
  }
}
