package io.salesbot.adapter.redis;

/** A stream entry that this version cannot turn into an event or command: it is dead-lettered. */
final class UndecodableEntryException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  UndecodableEntryException(String message) {
    super(message);
  }

  UndecodableEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
