package dev.tributary.worker.console.internal;

import static org.assertj.core.api.Assertions.assertThat;

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
    return new Web.Request("POST", "/console/api/actions/redrive", Map.<String, List<String>>of(), "{}", h, "test", true);
  }

  @Test
  void shouldDisableActionsWithoutAToken() {
    Guard g = new Guard(Optional.empty());
    assertThat(g.actionsEnabled()).isFalse();
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN)))).hasValueSatisfying(
        m -> assertThat(m).contains("worker.console.token"));
  }

  @Test
  void shouldAcceptTheTokenFromTheSameOrigin() {
    Guard g = new Guard(Optional.of(TOKEN));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN, "Origin", "http://127.0.0.1:9464",
        "Sec-Fetch-Site", "same-origin")))).isEmpty();
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN)))).as("a command-line client sends no Origin").isEmpty();
  }

  @Test
  void shouldRefuseAMissingOrWrongToken() {
    Guard g = new Guard(Optional.of(TOKEN));
    assertThat(g.refuse(post(Map.of()))).hasValueSatisfying(m -> assertThat(m).contains("X-Tributary-Token"));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN + "x")))).hasValue("wrong console token");
  }

  @Test
  void shouldRefuseCrossSiteRequestsEvenWithTheToken() {
    Guard g = new Guard(Optional.of(TOKEN));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN, "Origin", "http://evil.example"))))
        .hasValueSatisfying(m -> assertThat(m).contains("cross-site"));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN, "Origin", "http://127.0.0.1:9999"))))
        .hasValueSatisfying(m -> assertThat(m).contains("cross-site"));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN, "Sec-Fetch-Site", "cross-site"))))
        .hasValueSatisfying(m -> assertThat(m).contains("cross-site"));
    assertThat(g.refuse(post(Map.of("X-Tributary-Token", TOKEN, "Content-Type", "text/plain"))))
        .hasValueSatisfying(m -> assertThat(m).contains("JSON"));
  }
}
