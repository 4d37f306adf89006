package io.salesbot.adapter.email;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to reach the SMTP server and what the mail says about itself.
 *
 * @param host the SMTP server
 * @param port its port (25, 465 for SSL, 587 for STARTTLS)
 * @param security how the connection is protected
 * @param username the SMTP login, or null for a server that takes mail without one
 * @param password the SMTP password (or the mailbox's 授权码), with {@code username}
 * @param from the sender, a plain address such as {@code salesbot@example.cn}
 * @param fromName the sender's display name, e.g. {@code 销售助手}
 * @param timeout connecting, reading and writing each give up after this long
 * @param link where people act on a lead (the chat app, a CRM page), shown in every mail; or null
 */
public record EmailSettings(
    String host,
    int port,
    Security security,
    @Nullable String username,
    @Nullable String password,
    String from,
    String fromName,
    Duration timeout,
    @Nullable String link) {
  /** How the connection to the SMTP server is protected. */
  public enum Security {
    /** Plain SMTP (a relay inside the company network). */
    NONE,
    /** Plain, upgraded with STARTTLS, which must succeed. */
    STARTTLS,
    /** TLS from the first byte (SMTPS, usually port 465). */
    SSL
  }

  public EmailSettings {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(security, "security");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(fromName, "fromName");
    Objects.requireNonNull(timeout, "timeout");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be 1 to 65535, got " + port);
    }
  }
}
