package dev.tributary.handlers.email;

import static dev.tributary.handlers.TestEvents.insert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.handler.Handlers;
import dev.tributary.handlers.internal.RateLimiter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The email handler's parts: templates, Message-IDs, the ledger, the rate limit, configuration. */
class EmailPartsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  @TempDir Path dir;

  @Test
  void shouldRenderNestedAttributesListsAndNumbersAndEscapeOnlyHtml() {
    Map<String, Object> view = EventView.of(insert("Orders", 1, T0, "O-<1>&", "a@example.com"));
    String t =
        "{{table}} {{keys.orderId}} {{newImage.total}} {{#newImage.items}}[{{sku}}:{{qty}}]{{/newImage.items}}"
            + "{{^oldImage}} new{{/oldImage}} {{#insert}}I{{/insert}}{{#remove}}R{{/remove}}";
    assertThat(MailTemplate.compile("body", t, false).render(view))
        .isEqualTo("Orders O-<1>& 299.99 [SKU-1:2][SKU-2:1] new I");
    assertThat(MailTemplate.compile("body", "{{keys.orderId}}", true).render(view))
        .isEqualTo("O-&lt;1&gt;&amp;");
    assertThatThrownBy(() -> EmailHandler.builder().subject("{{#open}}never closed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("subject template");
  }

  @Test
  void shouldDeriveDistinctValidMessageIdsFromEventIds() {
    assertThat(MessageIds.of("Orders-000000000000000000042"))
        .isEqualTo("<Orders-000000000000000000042@tributary>");
    assertThat(MessageIds.of("a b<c>")).isEqualTo("<a=20b=3Cc=3E@tributary>");
    assertThat(MessageIds.of("x=20"))
        .isNotEqualTo(MessageIds.of("x 20"))
        .isEqualTo("<x=3D20@tributary>");
    assertThat(MessageIds.of(".a..b.")).isEqualTo("<=2Ea.=2Eb=2E@tributary>");
  }

  @Test
  void shouldKeepTheLedgerAcrossReopenDropATornLineAndCompact() throws Exception {
    Path file = dir.resolve("ledger");
    try (SentLedger l = SentLedger.open(file, 4)) {
      l.add("e1");
      l.add("e 2\n");
      assertThat(l.contains("e 2\n")).isTrue();
    }
    Files.write(file, "e3".getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND); // torn
    try (SentLedger l = SentLedger.open(file, 4)) {
      assertThat(l.contains("e1")).isTrue();
      assertThat(l.contains("e 2\n")).isTrue();
      assertThat(l.contains("e3")).isFalse();
      for (int i = 4; i <= 9; i++) {
        l.add("e" + i);
      }
      assertThat(l.size()).isLessThanOrEqualTo(6);
      assertThat(l.contains("e9")).isTrue();
      assertThat(l.contains("e1")).isFalse();
    }
    try (SentLedger l = SentLedger.open(file, 4)) {
      assertThat(l.size()).isEqualTo(4);
      assertThat(l.contains("e6")).isTrue();
      assertThat(l.contains("e5")).isFalse();
    }
  }

  @Test
  void shouldSpaceSendsEvenlyAtTheRate() throws Exception {
    long[] now = {0};
    List<Long> sleeps = new ArrayList<>();
    RateLimiter r =
        RateLimiter.perSecond(
            4,
            () -> now[0],
            nanos -> {
              sleeps.add(nanos);
              now[0] += nanos;
            });
    for (int i = 0; i < 5; i++) {
      r.acquire();
    }
    assertThat(sleeps).containsExactly(250_000_000L, 250_000_000L, 250_000_000L, 250_000_000L);
    now[0] += 10_000_000_000L; // idle: no burst saved up
    r.acquire();
    r.acquire();
    assertThat(sleeps).hasSize(5).last().isEqualTo(250_000_000L);
  }

  @Test
  void shouldRejectBadConfigurationNamingTheKey() {
    Map<String, Object> good =
        Map.of(
            "smtp",
            Map.of("host", "localhost"),
            "from",
            "a@example.com",
            "to-attribute",
            "customer.email",
            "subject",
            "s",
            "body",
            "b");
    assertThatThrownBy(() -> Handlers.create("email", with(good, "smtp.prot", 25)))
        .hasMessageContaining("unknown configuration key [smtp.prot]")
        .hasMessageContaining("smtp.port");
    assertThatThrownBy(() -> Handlers.create("email", with(good, "smtp.port", "abc")))
        .hasMessageContaining("key 'smtp.port' must be an integer");
    assertThatThrownBy(() -> Handlers.create("email", with(good, "smtp.security", "ssl")))
        .hasMessageContaining("'smtp.security' must be one of none, starttls, smtps");
    assertThatThrownBy(() -> Handlers.create("email", with(good, "to", "x@example.com")))
        .hasMessageContaining("'to' and 'to-attribute'");
    assertThatThrownBy(() -> Handlers.create("email", with(good, "from", "not an address")))
        .hasMessageContaining("key 'from'");
    assertThatThrownBy(() -> Handlers.create("email", with(good, "smtp.username", "u")))
        .hasMessageContaining("'smtp.username' and 'smtp.password'");
    assertThatThrownBy(() -> Handlers.create("email", with(good, "rate", -1)))
        .hasMessageContaining("key 'rate' must be a positive number");
    Map<String, Object> noBody = new HashMap<>(good);
    noBody.remove("body");
    assertThatThrownBy(() -> Handlers.create("email", noBody))
        .hasMessageContaining("key 'body' is required");
  }

  private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
    Map<String, Object> m = new HashMap<>(base);
    m.put(key, value);
    return m;
  }
}
