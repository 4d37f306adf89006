package io.salesbot.server.platforms;

import io.salesbot.adapter.email.EmailSettings;
import io.salesbot.core.team.domain.Identities;
import io.salesbot.server.config.InvalidConfigurationException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * E-mail, {@code salesbot.email.*}: reminders and escalations nobody acted on in time also go to
 * people's {@code email:} addresses. Off until host is set.
 *
 * @param host The SMTP server, e.g. smtp.exmail.qq.com; e-mail is off while it is unset.
 * @param port The SMTP port: 25 (plain), 465 (ssl) or 587 (starttls). Default 25.
 * @param security How the connection is protected: none, starttls or ssl. Default none.
 * @param username The SMTP login, usually the sender's address; unset for a relay without login.
 * @param password The SMTP password or the mailbox's authorisation code (授权码), with username.
 * @param from The sender address, e.g. salesbot@example.cn; required with host.
 * @param fromName The sender's display name. Default 销售助手.
 * @param timeout Connecting to, reading from and writing to the server each give up after this
 *     long. Default 10s.
 * @param link Where people act on a lead (the chat app's download page, a CRM page): an http(s) URL
 *     shown in every mail. Optional.
 * @param unacknowledgedAfter How long a reminder or escalation may go unacted on (nobody claimed,
 *     contacted, assigned or extended) before it is also e-mailed; 0 sends none. Default 10m.
 */
@ConfigurationProperties("salesbot.email")
public record EmailProperties(
    @Nullable String host,
    @DefaultValue("25") int port,
    @DefaultValue("none") String security,
    @Nullable String username,
    @Nullable String password,
    @Nullable String from,
    @DefaultValue("销售助手") String fromName,
    @DefaultValue("10s") Duration timeout,
    @Nullable String link,
    @DefaultValue("10m") Duration unacknowledgedAfter) {

  /** Whether e-mail is configured at all. */
  public boolean enabled() {
    return host != null && !host.isBlank();
  }

  /**
   * The adapter's settings.
   *
   * @throws InvalidConfigurationException naming the first wrong property
   */
  public EmailSettings toSettings() {
    String server =
        InvalidConfigurationException.required("salesbot.email.host", host, "e-mail is on");
    if (port < 1 || port > 65535) {
      throw new InvalidConfigurationException(
          "salesbot.email.port", "must be a port from 1 to 65535, got " + port);
    }
    EmailSettings.Security protection;
    try {
      protection = EmailSettings.Security.valueOf(security.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(
          "salesbot.email.security", "must be none, starttls or ssl, got '" + security + "'");
    }
    String sender =
        InvalidConfigurationException.required(
            "salesbot.email.from", from, "salesbot.email.host is set");
    try {
      Identities.parse("email:" + sender);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationException(
          "salesbot.email.from",
          "'" + sender + "' is not an e-mail address; write it as salesbot@example.cn");
    }
    boolean hasUser = username != null && !username.isBlank();
    boolean hasPassword = password != null && !password.isBlank();
    if (hasUser != hasPassword) {
      throw new InvalidConfigurationException(
          hasUser ? "salesbot.email.password" : "salesbot.email.username",
          "set salesbot.email.username and salesbot.email.password together (or neither, for a"
              + " relay that takes mail without a login)");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidConfigurationException(
          "salesbot.email.timeout", "must be a positive duration such as 10s, got " + timeout);
    }
    if (link != null && !link.isBlank()) {
      URI uri;
      try {
        uri = URI.create(link.strip());
      } catch (IllegalArgumentException e) {
        uri = null;
      }
      if (uri == null
          || uri.getHost() == null
          || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        throw new InvalidConfigurationException(
            "salesbot.email.link", "must be an http(s) URL, got '" + link + "'");
      }
    }
    checkDelay();
    return new EmailSettings(
        server,
        port,
        protection,
        hasUser ? username.strip() : null,
        hasPassword ? password : null,
        sender,
        fromName,
        timeout,
        link == null || link.isBlank() ? null : link.strip());
  }

  /**
   * {@link #unacknowledgedAfter}, checked.
   *
   * @throws InvalidConfigurationException when negative
   */
  public Duration checkDelay() {
    if (unacknowledgedAfter.isNegative()) {
      throw new InvalidConfigurationException(
          "salesbot.email.unacknowledged-after",
          "must be a duration such as 10m (0 sends no follow-up mail), got " + unacknowledgedAfter);
    }
    return unacknowledgedAfter;
  }

  /** Without the password. */
  @Override
  public String toString() {
    return "EmailProperties[host="
        + host
        + ", port="
        + port
        + ", security="
        + security
        + ", username="
        + username
        + ", password="
        + (password == null ? "null" : "******")
        + ", from="
        + from
        + ", unacknowledgedAfter="
        + unacknowledgedAfter
        + "]";
  }
}
