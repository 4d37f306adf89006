package io.salesbot.server.config;

import org.jspecify.annotations.Nullable;

/** A configuration value is wrong; the message names the property and what to write instead. */
public class InvalidConfigurationException extends RuntimeException {
  private final String property;

  public InvalidConfigurationException(String property, String message) {
    super(property + ": " + message);
    this.property = property;
  }

  public String property() {
    return property;
  }

  /**
   * {@code value}, stripped; a start-up failure naming {@code property} when it is missing or blank
   * ("is required when {@code condition}").
   */
  public static String required(String property, @Nullable String value, String condition) {
    if (value == null || value.isBlank()) {
      throw new InvalidConfigurationException(property, "is required when " + condition);
    }
    return value.strip();
  }
}
