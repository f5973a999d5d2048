package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class LocalSmtpIT {

  private static void send(
      LocalSmtp smtp, String protocol, String to, String subject, String user, String pw)
      throws Exception {
    Properties p = new Properties();
    p.put("mail." + protocol + ".host", smtp.host());
    p.put("mail." + protocol + ".port", String.valueOf(smtp.port()));
    p.put("mail." + protocol + ".ssl.trust", "*");
    p.put(
        "mail." + protocol + ".ssl.checkserveridentity",
        "false"); // GreenMail's certificate names no host
    p.put("mail." + protocol + ".auth", String.valueOf(user != null));
    Session session = Session.getInstance(p);
    MimeMessage m = new MimeMessage(session);
    m.setFrom(new InternetAddress("shop@example.com"));
    m.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
    m.setSubject(subject);
    m.setText("hello");
    try (Transport t = session.getTransport(protocol)) {
      t.connect(user, pw);
      t.sendMessage(m, m.getAllRecipients());
    }
  }

  @Test
  void shouldKeepWhatItReceivesUntilCleared() throws Exception {
    try (LocalSmtp smtp = LocalSmtp.builder().start()) {
      send(smtp, "smtp", "a@example.com", "one", null, null);
      send(smtp, "smtp", "b@example.com", "two", null, null);
      List<MimeMessage> got = smtp.awaitMessages(2, Duration.ofSeconds(30));
      assertThat(got).extracting(MimeMessage::getSubject).containsExactly("one", "two");
      assertThatThrownBy(() -> smtp.awaitMessages(3, Duration.ofMillis(100)))
          .hasMessage("expected 3 messages within PT0.1S, got 2");
      smtp.clear();
      assertThat(smtp.messages()).isEmpty();
    }
  }

  @Test
  void shouldSpeakSmtpsWithLogin() throws Exception {
    try (LocalSmtp smtp =
        LocalSmtp.builder().smtps(true).user("relay@example.com", "relay", "pw").start()) {
      assertThat(smtp.smtps()).isTrue();
      send(smtp, "smtps", "c@example.com", "secure", "relay", "pw");
      assertThat(smtp.awaitMessages(1, Duration.ofSeconds(30)).get(0).getSubject())
          .isEqualTo("secure");
    }
  }
}
