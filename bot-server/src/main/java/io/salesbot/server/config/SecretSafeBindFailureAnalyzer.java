package io.salesbot.server.config;

import java.util.Locale;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.validation.FieldError;
import org.springframework.validation.ObjectError;

/**
 * Spring Boot's own report of a rejected property prints its value: for a secret, token, key or
 * password that puts the credential in the console and the log collector. This one, ahead of
 * Boot's, says which property and why, and hides the value of anything secret-like.
 */
public class SecretSafeBindFailureAnalyzer extends AbstractFailureAnalyzer<BindValidationException>
    implements Ordered {
  private static final Pattern SECRET =
      Pattern.compile("(secret|token|password|aes-?key|api-?key|private-?key|credentials?)$");

  @Override
  protected FailureAnalysis analyze(Throwable root, BindValidationException cause) {
    StringBuilder description =
        new StringBuilder("Binding to target ")
            .append(cause.getValidationErrors().getName())
            .append(" failed:\n");
    for (ObjectError error : cause.getValidationErrors()) {
      String property = cause.getValidationErrors().getName().toString();
      if (error instanceof FieldError field) {
        property = property + "." + field.getField();
      }
      ConfigurationProperty bound = boundProperty(cause, property);
      String name = bound != null ? bound.getName().toString() : property;
      description.append("\n    Property: ").append(name);
      if (bound != null) {
        description
            .append("\n    Value: ")
            .append(secret(name) ? "(hidden: secret)" : "\"" + bound.getValue() + "\"");
        if (bound.getOrigin() != null) {
          description.append("\n    Origin: ").append(bound.getOrigin());
        }
      }
      description.append("\n    Reason: ").append(error.getDefaultMessage()).append('\n');
    }
    return new FailureAnalysis(
        description.toString(),
        "Update your application's configuration (docs/configuration.md lists every property).",
        cause);
  }

  private static @org.jspecify.annotations.Nullable ConfigurationProperty boundProperty(
      BindValidationException cause, String property) {
    ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
    for (ConfigurationProperty bound : cause.getValidationErrors().getBoundProperties()) {
      if (bound.getName().equals(name)) {
        return bound;
      }
    }
    return null;
  }

  static boolean secret(String property) {
    String last = property.substring(property.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    return SECRET.matcher(last).find();
  }

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }
}
