package io.salesbot.core.lead;

/** Neither the queue nor the database could durably take a lead: the caller should retry later. */
public final class IntakeUnavailableException extends RuntimeException {
  public IntakeUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
