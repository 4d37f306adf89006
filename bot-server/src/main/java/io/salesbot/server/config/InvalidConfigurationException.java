package io.salesbot.server.config;

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
}
