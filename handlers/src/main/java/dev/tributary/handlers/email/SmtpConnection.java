package dev.tributary.handlers.email;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * One Jakarta Mail session to the relay and a transport opened lazily, reused for the messages of a
 * batch, and dropped after any failure so the next message starts on a clean connection.
 */
final class SmtpConnection implements AutoCloseable {
  private final Session session;
  private final String protocol;
  private final String host;
  private final int port;
  private final Optional<String> username;
  private final Optional<String> password;
  private Transport transport;

  SmtpConnection(
      String host,
      int port,
      SmtpSecurity security,
      Optional<String> username,
      Optional<String> password,
      Optional<String> sslTrust,
      Duration timeout) {
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password;
    this.protocol = security == SmtpSecurity.SMTPS ? "smtps" : "smtp";
    Properties p = new Properties();
    String pre = "mail." + protocol + ".";
    p.setProperty("mail.transport.protocol", protocol);
    p.setProperty(pre + "host", host);
    p.setProperty(pre + "port", Integer.toString(port));
    String millis = Long.toString(timeout.toMillis());
    p.setProperty(pre + "connectiontimeout", millis);
    p.setProperty(pre + "timeout", millis);
    p.setProperty(pre + "writetimeout", millis);
    p.setProperty(pre + "auth", Boolean.toString(username.isPresent()));
    if (security == SmtpSecurity.STARTTLS) {
      p.setProperty(pre + "starttls.enable", "true");
      p.setProperty(pre + "starttls.required", "true");
    }
    if (security != SmtpSecurity.NONE) {
      p.setProperty(pre + "ssl.checkserveridentity", Boolean.toString(sslTrust.isEmpty()));
      sslTrust.ifPresent(t -> p.setProperty(pre + "ssl.trust", t));
    }
    this.session = Session.getInstance(p);
  }

  Session session() {
    return session;
  }

  /**
   * Sends to the message's recipients; on failure the connection is closed and the error thrown.
   */
  void send(MimeMessage message) throws MessagingException {
    try {
      if (transport == null) {
        closeQuietly();
        transport = session.getTransport(protocol);
        transport.connect(host, port, username.orElse(null), password.orElse(null));
      }
      message.saveChanges();
      transport.sendMessage(message, message.getAllRecipients());
    } catch (MessagingException | RuntimeException e) {
      closeQuietly();
      throw e;
    }
  }

  @Override
  public void close() {
    closeQuietly();
  }

  private void closeQuietly() {
    if (transport != null) {
      try {
        transport.close();
      } catch (MessagingException ignored) {
        // the connection is being dropped anyway
      }
      transport = null;
    }
  }
}
