package dev.tributary.handlers.email;

import static dev.tributary.handlers.TestEvents.context;
import static dev.tributary.handlers.TestEvents.insert;
import static dev.tributary.handlers.TestEvents.remove;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.util.GreenMailUtil;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.local.LocalSmtp;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The email handler against GreenMail, a real SMTP server in this JVM; messages read back. */
class EmailHandlerIT {
  private static final Instant T0 = Instant.parse("2026-03-01T10:15:30Z");
  private static final String SUBJECT = "Order {{keys.orderId}} confirmed";
  private static final String BODY =
      "Hello {{newImage.customer.name}},\n"
          + "order {{newImage.orderId}} ({{eventName}}, {{table}}) totals {{newImage.total}}:\n"
          + "{{#newImage.items}}- {{sku}} x{{qty}}\n{{/newImage.items}}"
          + "{{#oldImage}}was {{oldImage.status}}{{/oldImage}}";

  @TempDir Path dir;
  private LocalSmtp mail;

  @AfterEach
  void stop() {
    if (mail != null) {
      mail.close();
    }
  }

  private EmailHandler.Builder handler(int port) {
    return EmailHandler.builder()
        .host("127.0.0.1")
        .port(port)
        .from("orders@shop.example")
        .toAttribute("customer.email")
        .subject(SUBJECT)
        .body(BODY)
        .ledger(dir.resolve("sent.ledger"));
  }

  @Test
  void shouldMailThousandEventsExactlyOnceWithRedeliveredDuplicatesAndARestart() throws Exception {
    mail = LocalSmtp.builder().start();
    int port = mail.port();
    List<ChangeEvent> events = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String id = "O-" + i;
      events.add(insert("Orders", i + 1, T0.plusMillis(i), id, "o" + i + "@example.com"));
    }
    Random random = new Random(42);
    int delivered = 0;
    EmailHandler h = handler(port).build();
    for (int b = 0; b < 10; b++) {
      List<ChangeEvent> batch = new ArrayList<>(events.subList(b * 100, b * 100 + 100));
      for (int d = 0; d < 10 && b > 0; d++) { // redelivered duplicates mixed in
        batch.add(random.nextInt(batch.size()), events.get(random.nextInt(b * 100)));
      }
      assertThat(h.handle(batch, context(1)).isSuccess()).isTrue();
      delivered += batch.size();
      if (b == 4) { // a crash before the commit: a new handler on the same ledger gets it again
        h.close();
        h = handler(port).build();
        assertThat(h.handle(batch, context(2)).isSuccess()).isTrue();
        delivered += batch.size();
      }
    }
    assertThat(h.handle(events, context(1)).isSuccess()).isTrue(); // a full replay
    h.close();
    delivered += events.size();

    List<MimeMessage> received = mail.messages();
    assertThat(delivered).isGreaterThan(2000);
    assertThat(received).hasSize(1000);
    Map<String, MimeMessage> byId = new HashMap<>();
    for (MimeMessage m : received) {
      assertThat(byId.put(m.getMessageID(), m)).as("duplicate %s", m.getMessageID()).isNull();
    }
    for (int i = 0; i < 1000; i += 37) {
      ChangeEvent e = events.get(i);
      MimeMessage m = byId.get("<" + e.eventId() + "@tributary>");
      assertThat(m).as("message of %s", e.eventId()).isNotNull();
      assertThat(m.getSubject()).isEqualTo("Order O-" + i + " confirmed");
      assertThat(m.getRecipients(Message.RecipientType.TO))
          .extracting(Object::toString)
          .containsExactly("o" + i + "@example.com");
      assertThat(m.getFrom()[0].toString()).isEqualTo("orders@shop.example");
      assertThat(GreenMailUtil.getBody(m).replace("\r\n", "\n").stripTrailing())
          .isEqualTo(
              "Hello Ada O-"
                  + i
                  + ",\norder O-"
                  + i
                  + " (INSERT, Orders) totals 299.99:\n"
                  + "- SKU-1 x2\n- SKU-2 x1");
      assertThat(m.getSentDate().toInstant())
          .isEqualTo(T0.plusMillis(i).truncatedTo(ChronoUnit.SECONDS));
    }
  }

  @Test
  void shouldMailARemoveToTheOldImagesAddressOverSmtpsWithLogin() throws Exception {
    mail = LocalSmtp.builder().smtps(true).user("relay@shop.example", "relay", "s3cret").start();
    EmailHandler h =
        handler(mail.port())
            .security(SmtpSecurity.SMTPS)
            .trustHosts("*")
            .credentials("relay", "s3cret")
            .subject("{{eventName}} {{keys.orderId}}")
            .body("gone: {{oldImage.status}} {{#newImage}}unexpected{{/newImage}}")
            .build();
    try (h) {
      BatchResult r = h.handle(List.of(remove("Orders", 7, T0, "O-7")), context(1));
      assertThat(r.isSuccess()).isTrue();
    }
    List<MimeMessage> received = mail.messages();
    assertThat(received).hasSize(1);
    assertThat(received.get(0).getSubject()).isEqualTo("REMOVE O-7");
    assertThat(received.get(0).getAllRecipients()[0].toString()).isEqualTo("O-7@example.com");
    assertThat(GreenMailUtil.getBody(received.get(0)).trim()).isEqualTo("gone: SHIPPED");
  }

  @Test
  void shouldStopTheRunnerWhenTheRelayRejectsTheLogin() throws Exception {
    mail = LocalSmtp.builder().smtps(true).user("relay@shop.example", "relay", "s3cret").start();
    EmailHandler h =
        handler(mail.port())
            .security(SmtpSecurity.SMTPS)
            .trustHosts("*")
            .credentials("relay", "wrong")
            .build();
    try (h) {
      assertThatThrownBy(
              () -> h.handle(List.of(insert("Orders", 1, T0, "O-1", "a@example.com")), context(1)))
          .isInstanceOf(FatalException.class)
          .hasMessageContaining("login");
    }
    assertThat(mail.messages()).isEmpty();
  }

  @Test
  void shouldMailSnapshotsOnlyWhenAskedTo() throws Exception {
    mail = LocalSmtp.builder().start();
    try (EmailHandler plain = handler(mail.port()).build();
        EmailHandler backfill =
            handler(mail.port()).ledger(dir.resolve("other")).snapshotEvents(true).build()) {
      assertThat(plain.wantsSnapshotEvents()).isFalse();
      assertThat(backfill.wantsSnapshotEvents()).isTrue();
      assertThat(plain.idempotent()).isTrue();
    }
  }
}
