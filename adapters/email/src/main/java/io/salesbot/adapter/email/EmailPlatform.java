package io.salesbot.adapter.email;

import io.salesbot.adapter.support.PlatformFence;
import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.Card;
import io.salesbot.core.platform.ChatDeliveryException;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.platform.SendOutcome;
import io.salesbot.core.platform.domain.Delivery;
import jakarta.mail.Authenticator;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * E-mail as a platform, id {@code email}, for people's {@code email:} addresses: each recipient
 * gets one mail (UTF-8, plain text and HTML), so one refused address does not hold back the others.
 * Outbound only: mail has no buttons, so a card's buttons are left out and the mail says to act in
 * WeCom or DingTalk. An update of a card already mailed is not mailed again (a mailbox cannot
 * replace a message). Sends are blocking SMTP calls, fenced like every platform's.
 *
 * <p>Errors: an SMTP 4xx answer, a connection that fails or times out are retryable; a 5xx answer
 * (a refused recipient, a refused sender, failed authentication) is not — the command goes to the
 * dead letters with the server's words.
 */
public final class EmailPlatform implements ChatPlatform {
  /** The platform id, and the kind of address it serves. */
  public static final String ID = "email";

  private static final Logger LOG = LoggerFactory.getLogger(EmailPlatform.class);

  private final EmailSettings settings;
  private final Session session;
  private final InternetAddress from;
  private final PlatformFence fence;

  /**
   * @throws IllegalArgumentException when {@code from} is not an e-mail address
   */
  public EmailPlatform(EmailSettings settings) {
    this.settings = settings;
    this.session = session(settings);
    try {
      this.from = new InternetAddress(settings.from(), settings.fromName(), "UTF-8");
      this.from.validate();
    } catch (UnsupportedEncodingException | MessagingException e) {
      throw new IllegalArgumentException("'" + settings.from() + "' is not an e-mail address", e);
    }
    this.fence =
        new PlatformFence(
            ID, new PlatformFence.Limits(4, Duration.ofSeconds(30), 2, Duration.ofSeconds(1)));
  }

  private static Session session(EmailSettings s) {
    Properties p = new Properties();
    String protocol = s.security() == EmailSettings.Security.SSL ? "smtps" : "smtp";
    p.put("mail.transport.protocol", protocol);
    p.put("mail." + protocol + ".host", s.host());
    p.put("mail." + protocol + ".port", String.valueOf(s.port()));
    String millis = String.valueOf(s.timeout().toMillis());
    p.put("mail." + protocol + ".connectiontimeout", millis);
    p.put("mail." + protocol + ".timeout", millis);
    p.put("mail." + protocol + ".writetimeout", millis);
    if (s.security() == EmailSettings.Security.STARTTLS) {
      p.put("mail.smtp.starttls.enable", "true");
      p.put("mail.smtp.starttls.required", "true");
    }
    Authenticator auth = null;
    if (s.username() != null) {
      p.put("mail." + protocol + ".auth", "true");
      String user = s.username();
      String password = s.password() == null ? "" : s.password();
      auth =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(user, password);
            }
          };
    }
    return Session.getInstance(p, auth);
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public Mono<SendOutcome> sendCard(String commandId, Card card, List<Address> recipients) {
    return send(commandId, MailRendering.card(card, settings.link()), recipients);
  }

  /** Mail cannot be replaced: nothing is sent, and nobody waits for it. */
  @Override
  public Mono<SendOutcome> updateCard(String commandId, Card card, List<Address> recipients) {
    return Mono.just(new SendOutcome.Delivered(List.of()));
  }

  @Override
  public Mono<SendOutcome> sendText(String commandId, String text, List<Address> recipients) {
    return send(commandId, MailRendering.text(text, settings.link()), recipients);
  }

  private Mono<SendOutcome> send(
      String commandId, MailRendering.Mail mail, List<Address> recipients) {
    return Flux.fromIterable(recipients)
        .concatMap(
            to ->
                fence.call(
                    () -> deliver(commandId, mail, to),
                    settings.timeout().multipliedBy(3),
                    this::translate))
        .collectList()
        .map(SendOutcome.Delivered::new);
  }

  private Delivery deliver(String commandId, MailRendering.Mail mail, Address to)
      throws MessagingException {
    if (!ID.equals(to.platform())) {
      throw new ChatDeliveryException(ID, "not-email", to + " is not an e-mail address", false);
    }
    MimeMessage message = new MimeMessage(session);
    message.setFrom(from);
    message.setRecipient(Message.RecipientType.TO, new InternetAddress(to.userId(), true));
    message.setSubject(mail.subject(), "UTF-8");
    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
    MimeMultipart alternative = new MimeMultipart("alternative", text, html);
    message.setContent(alternative);
    // The command id lets a reader (and a test) tell mails apart; a retried send keeps it.
    message.setHeader("X-Salesbot-Command", commandId);
    message.saveChanges();
    Transport.send(message);
    String ref = message.getMessageID();
    LOG.debug("mailed {} to {}", commandId, to);
    return new Delivery(commandId, to, ref == null ? commandId : ref);
  }

  private ChatDeliveryException translate(Throwable e) {
    int code = smtpCode(e);
    String why = String.valueOf(e.getMessage()).strip();
    if (code >= 500) {
      return new ChatDeliveryException(ID, "smtp-" + code, why, false);
    }
    if (code >= 400) {
      return new ChatDeliveryException(ID, "smtp-" + code, why, true);
    }
    if (e instanceof jakarta.mail.AuthenticationFailedException) {
      return new ChatDeliveryException(
          ID, "auth", "the SMTP server refused the login: " + why, false);
    }
    if (e instanceof jakarta.mail.internet.AddressException) {
      return new ChatDeliveryException(ID, "bad-address", why, false);
    }
    boolean io = hasCause(e, IOException.class);
    return new ChatDeliveryException(ID, io ? "smtp-unreachable" : "smtp", why, true);
  }

  private static int smtpCode(@Nullable Throwable e) {
    for (Throwable t = e; t != null; t = nextOf(t)) {
      if (t instanceof SMTPAddressFailedException a) {
        return a.getReturnCode();
      }
      if (t instanceof SMTPSendFailedException s) {
        return s.getReturnCode();
      }
    }
    return -1;
  }

  private static @Nullable Throwable nextOf(Throwable t) {
    if (t instanceof SendFailedException s && s.getNextException() != null) {
      return s.getNextException();
    }
    return t.getCause() == t ? null : t.getCause();
  }

  private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
