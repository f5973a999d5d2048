package dev.tributary.worker.console.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class GuardTest {
  static final String TOKEN = "0123456789abcdef-token";

  static Web.Request post(Map<String, String> headers) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    h.put("Host", "127.0.0.1:9464");
    h.put("Content-Type", "application/json");
    h.putAll(headers);
    return new Web.Request(
        "POST",
        "/console/api/actions/redrive",
        Map.<String, List<String>>of(),
        "{}",
        h,
        "test",
        true);
  }

  @Test
  void shouldDisableActionsWithoutAToken() {
    Guard g = new Guard(Optional.empty());
    assertThat(g.actionsEnabled()).isFalse();
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN))))
        .hasValueSatisfying(m -> assertThat(m).contains("worker.console.token"));
  }

  @Test
  void shouldAcceptTheTokenFromTheSameOrigin() {
    Guard g = new Guard(Optional.of(TOKEN));
    assertThat(
            g.refuse(
                post(
                    Map.of(
                        "X-Tributary-Token",
                        TOKEN,
                        "Origin",
                        "http://127.0.0.1:9464",
                        "Sec-Fetch-Site",
                        "same-origin"))))
        .isEmpty();
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN))))
        .as("a command-line client sends no Origin")
        .isEmpty();
  }

  @Test
  void shouldRefuseAMissingOrWrongToken() {
    Guard g = new Guard(Optional.of(TOKEN));
    assertThat(g.refuse(post(Map.of())))
        .hasValueSatisfying(m -> assertThat(m).contains("X-Tributary-Token"));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN + "x"))))
        .hasValue("wrong console token");
  }

  @Test
  void shouldRefuseCrossSiteRequestsEvenWithTheToken() {
    Guard g = new Guard(Optional.of(TOKEN));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN, "Origin", "http://evil.example"))))
        .hasValueSatisfying(m -> assertThat(m).contains("cross-site"));
    assertThat(
            g.refuse(post(Map.of("X-Tributary-Token", TOKEN, "Origin", "http://127.0.0.1:9999"))))
        .hasValueSatisfying(m -> assertThat(m).contains("cross-site"));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN, "Sec-Fetch-Site", "cross-site"))))
        .hasValueSatisfying(m -> assertThat(m).contains("cross-site"));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN, "Content-Type", "text/plain"))))
        .hasValueSatisfying(m -> assertThat(m).contains("JSON"));
  }

  static Web.Request get(String host, String... headers) {
    Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (host != null) {
      h.put("Host", host);
    }
    for (int i = 0; i < headers.length; i += 2) {
      h.put(headers[i], headers[i + 1]);
    }
    return new Web.Request(
        "GET", "/console/api/overview", Map.<String, List<String>>of(), "", h, "test", true);
  }

  static HostCheck loopbackBound(String... allowed) {
    return HostCheck.of("127.0.0.1", List.of(allowed), List.of());
  }

  @Test
  void shouldRefuseAHostNameThatIsNotThisConsolesAsDnsRebindingSendsIt() {
    Guard g = new Guard(Optional.of(TOKEN), loopbackBound(), false);
    assertThat(g.refuseHost(get("evil.example:9464")))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("Host 'evil.example:9464'")
                    .contains("DNS rebinding")
                    .contains("worker.console.allowed-hosts")
                    .doesNotContain("\n"));
    for (String h :
        new String[] {
          "evil.example",
          "localhost.evil.example:9464",
          "127.0.0.1.evil.example",
          "localhostx",
          "evil.example:9464/console",
          "user@localhost",
          "localhost:port",
          "box.lan:9464",
          ""
        }) {
      assertThat(g.refuseHost(get(h))).as(h).isPresent();
    }
    assertThat(g.refuseHost(get(null)))
        .hasValueSatisfying(m -> assertThat(m).contains("no Host header"));
  }

  @Test
  void shouldAcceptLoopbackNamesAndIpAddressesWithAnyPort() {
    Guard g = new Guard(Optional.empty(), loopbackBound(), false);
    for (String h :
        new String[] {
          "localhost",
          "localhost:9464",
          "LocalHost:1",
          "localhost.:9464",
          "127.0.0.1",
          "127.0.0.1:9464",
          "[::1]",
          "[::1]:9464",
          "10.0.0.5:9464",
          "[fe80::1]:80"
        }) {
      assertThat(g.refuseHost(get(h))).as(h).isEmpty();
    }
  }

  @Test
  void shouldAcceptConfiguredNamesAndTheDomainsBelowADottedEntry() {
    HostCheck c = loopbackBound("Console.Example.com", ".corp.example");
    for (String h :
        new String[] {
          "console.example.com", "CONSOLE.example.com:443", "corp.example", "a.b.corp.example:8080"
        }) {
      assertThat(c.refuse(Optional.of(h))).as(h).isEmpty();
    }
    for (String h :
        new String[] {
          "example.com", "other.example.com", "evilcorp.example", "corp.example.evil.example"
        }) {
      assertThat(c.refuse(Optional.of(h))).as(h).isPresent();
    }
    assertThat(c.describe())
        .contains("localhost", "console.example.com", ".corp.example", "IP address");
  }

  @Test
  void shouldAcceptTheBoundNameAndTheMachinesNamesWhenBoundBeyondLoopback() {
    assertThat(
            HostCheck.of("0.0.0.0", List.of(), List.of("Box.lan", "box"))
                .refuse(Optional.of("box.lan:9464")))
        .isEmpty();
    assertThat(
            HostCheck.of("0.0.0.0", List.of(), List.of("box.lan"))
                .refuse(Optional.of("evil.example:9464")))
        .isPresent();
    assertThat(
            HostCheck.of("console.internal", List.of(), List.of())
                .refuse(Optional.of("console.internal:9464")))
        .isEmpty();
    assertThat(HostCheck.loopback("127.0.0.1")).isTrue();
    assertThat(HostCheck.loopback("localhost")).isTrue();
    assertThat(HostCheck.loopback("::1")).isTrue();
    assertThat(HostCheck.loopback("0.0.0.0")).isFalse();
    assertThat(HostCheck.loopback("::")).isFalse();
  }

  @Test
  void shouldAnswerAnyHostWithAStar() {
    HostCheck c = HostCheck.of("127.0.0.1", List.of("*"), List.of());
    assertThat(c.off()).isTrue();
    assertThat(new Guard(Optional.empty(), c, false).refuseHost(get("evil.example:9464")))
        .isEmpty();
    assertThat(loopbackBound().off()).isFalse();
  }

  @Test
  void shouldRejectEntriesThatAreNotNames() {
    assertThat(HostCheck.entry("Console.Example.com.")).isEqualTo("console.example.com");
    assertThat(HostCheck.entry(".Example.com")).isEqualTo(".example.com");
    for (String e :
        new String[] {
          "http://console.example.com",
          "console.example.com:8443",
          "console.example.com/x",
          "",
          "*.example.com"
        }) {
      assertThatThrownBy(() -> HostCheck.entry(e))
          .as(e)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'" + e + "' is not a host name");
    }
    assertThatThrownBy(() -> HostCheck.entry(".com")).hasMessageContaining("top-level domain");
    assertThatThrownBy(() -> HostCheck.of("127.0.0.1", List.of("*", "a.example"), List.of()))
        .hasMessageContaining("stands alone");
  }

  @Test
  void shouldReportEachRefusedNameOnceAndABoundedNumberOfNames() {
    HostCheck c = loopbackBound();
    assertThat(c.firstRefusal("evil.example:9464")).isTrue();
    assertThat(c.firstRefusal("EVIL.example:1")).as("the same name on another port").isFalse();
    assertThat(c.firstRefusal("other.example")).isTrue();
    int logged = 2;
    for (int i = 0; i < 200; i++) {
      if (c.firstRefusal("n" + i + ".example")) {
        logged++;
      }
    }
    assertThat(logged).isEqualTo(HostCheck.LOGGED_NAMES);
  }

  @Test
  void shouldNeedTheTokenToReadOnlyWithTokenForReads() {
    Guard open = new Guard(Optional.of(TOKEN), loopbackBound(), false);
    assertThat(open.refuseRead(get("localhost"))).isEmpty();
    Guard locked = new Guard(Optional.of(TOKEN), loopbackBound(), true);
    assertThat(locked.tokenForReads()).isTrue();
    assertThat(locked.refuseRead(get("localhost")))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("X-Tributary-Token header is missing")
                    .contains("needs its token to read"));
    assertThat(locked.refuseRead(get("localhost", "X-Tributary-Token", TOKEN + "x")))
        .hasValue("wrong console token");
    assertThat(locked.refuseRead(get("localhost", "X-Tributary-Token", TOKEN))).isEmpty();
    assertThatThrownBy(() -> new Guard(Optional.empty(), loopbackBound(), true))
        .hasMessageContaining("token-for-reads needs worker.console.token");
  }
}
