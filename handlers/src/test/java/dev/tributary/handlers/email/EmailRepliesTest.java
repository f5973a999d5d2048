package dev.tributary.handlers.email;

import static dev.tributary.handlers.TestEvents.context;
import static dev.tributary.handlers.TestEvents.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.handlers.TestEvents;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SMTP replies GreenMail cannot give, from a fake relay: 4xx deferrals, 5xx rejections, no relay.
 */
class EmailRepliesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  private EmailHandler handler(int port) {
    return EmailHandler.builder()
        .host("127.0.0.1")
        .port(port)
        .timeout(Duration.ofSeconds(5))
        .from("orders@shop.example")
        .toAttribute("customer.email")
        .subject("Order {{keys.orderId}}")
        .body("{{newImage.total}}")
        .ledger(dir.resolve("ledger"))
        .build();
  }

  @Test
  void shouldReportOnlyTheRejectedEventAndDeadLetterItsRetryWithoutAnotherAttempt()
      throws Exception {
    try (FakeSmtpServer smtp =
            new FakeSmtpServer(a -> a.startsWith("bad") ? "550 5.1.1 no such user" : "250 OK");
        EmailHandler h = handler(smtp.port())) {
      ChangeEvent ok1 = insert("Orders", 1, T0, "O-1", "a@example.com");
      ChangeEvent bad = insert("Orders", 2, T0, "O-2", "bad@example.com");
      ChangeEvent ok2 = insert("Orders", 3, T0, "O-3", "c@example.com");

      BatchResult first = h.handle(List.of(ok1, bad, ok2), context(1));

      assertThat(first.failedEventIds()).containsExactly(bad.eventId());
      assertThat(smtp.accepted).hasSize(2);
      int attempts = smtp.rcptAttempts.get();
      assertThat(h.handle(List.of(ok2), context(2)).isSuccess()).isTrue(); // already sent: skipped
      assertThatThrownBy(() -> h.handle(List.of(bad), context(2)))
          .isInstanceOf(BadRecordException.class)
          .hasMessageContaining("550")
          .hasMessageContaining(bad.eventId());
      assertThat(smtp.rcptAttempts.get()).isEqualTo(attempts); // the retry made no SMTP attempt
      assertThat(smtp.accepted).hasSize(2);
    }
  }

  @Test
  void shouldRetryADeferredEventUntilTheRelayTakesIt() throws Exception {
    AtomicReference<String> reply = new AtomicReference<>("451 4.7.1 greylisted, try later");
    try (FakeSmtpServer smtp = new FakeSmtpServer(a -> reply.get());
        EmailHandler h = handler(smtp.port())) {
      ChangeEvent e = insert("Orders", 1, T0, "O-1", "a@example.com");
      assertThat(h.handle(List.of(e), context(1)).failedEventIds()).containsExactly(e.eventId());
      assertThat(smtp.accepted).isEmpty();
      reply.set("250 OK");
      assertThat(h.handle(List.of(e), context(2)).isSuccess()).isTrue();
      assertThat(smtp.accepted).hasSize(1);
      assertThat(smtp.accepted.get(0)).contains("Message-ID: <" + e.eventId() + "@tributary>");
    }
  }

  @Test
  void shouldTreatAnEventWithoutRecipientAsBadRecord() throws Exception {
    try (FakeSmtpServer smtp = new FakeSmtpServer(a -> "250 OK");
        EmailHandler h = handler(smtp.port())) {
      ChangeEvent noMail =
          TestEvents.event(
              "Orders",
              EventName.INSERT,
              5,
              T0,
              TestEvents.orderKey("O-5"),
              Map.of("orderId", AttributeValue.s("O-5")),
              null);
      ChangeEvent ok = insert("Orders", 6, T0, "O-6", "f@example.com");
      assertThat(h.handle(List.of(noMail, ok), context(1)).failedEventIds())
          .containsExactly(noMail.eventId());
      assertThatThrownBy(() -> h.handle(List.of(noMail), context(2)))
          .isInstanceOf(BadRecordException.class)
          .hasMessageContaining("customer.email");
      assertThat(smtp.accepted).hasSize(1);
    }
  }

  @Test
  void shouldFailTheWholeBatchForRetryWhenTheRelayIsDown() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens here
    }
    try (EmailHandler h = handler(port)) {
      List<ChangeEvent> batch =
          List.of(
              insert("Orders", 1, T0, "O-1", "a@example.com"),
              insert("Orders", 2, T0, "O-2", "b@example.com"));
      assertThat(h.handle(batch, context(1)).failedEventIds())
          .containsExactly(batch.get(0).eventId(), batch.get(1).eventId());
    }
  }
}
