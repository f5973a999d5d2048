package dev.tributary.handlers.search.internal;

import static dev.tributary.core.AttributeValue.b;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.BadRecordException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DocumentIdsTest {
  private final DocumentIds canonical = DocumentIds.canonical();

  private static Map<String, AttributeValue> keys(
      String k1, AttributeValue v1, String k2, AttributeValue v2) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  @Test
  void shouldReadLikeTheKeyInAttributeNameOrder() {
    assertThat(canonical.idOf(Map.of("id", s("USER-1")))).isEqualTo("USER-1");
    assertThat(canonical.idOf(keys("pk", s("CUST-1"), "orderDate", s("2025-01-15"))))
        .isEqualTo("2025-01-15|CUST-1")
        .isEqualTo(canonical.idOf(keys("orderDate", s("2025-01-15"), "pk", s("CUST-1"))));
  }

  @Test
  void shouldKeepDistinctKeysDistinctWhateverTheyContain() {
    String a = canonical.idOf(keys("a", s("x|y"), "b", s("z")));
    String b = canonical.idOf(keys("a", s("x"), "b", s("y|z")));
    String c = canonical.idOf(keys("a", s("x\\"), "b", s("|z")));
    assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
    assertThat(b).isNotEqualTo(c);
    assertThat(a).isEqualTo("x\\|y|z");
  }

  @Test
  void shouldRenderNumbersCanonicallyAndBinaryUrlSafe() {
    assertThat(canonical.idOf(Map.of("n", n("1.50"))))
        .isEqualTo(canonical.idOf(Map.of("n", n("1.5"))))
        .isEqualTo("1.5");
    assertThat(canonical.idOf(Map.of("n", n("1E+3")))).isEqualTo("1000");
    assertThat(canonical.idOf(Map.of("b", b((byte) 0xfb, (byte) 0xff)))).isEqualTo("-_8");
  }

  @Test
  void shouldHashIdsLongerThanOpenSearchAllows() {
    String longKey = "k".repeat(2000);
    String id = canonical.idOf(Map.of("id", s(longKey)));
    assertThat(id).startsWith("~").hasSize(44);
    assertThat(id.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(512);
    assertThat(canonical.idOf(Map.of("id", s(longKey)))).isEqualTo(id);
    assertThat(canonical.idOf(Map.of("id", s(longKey + "x")))).isNotEqualTo(id);
    assertThat(canonical.idOf(Map.of("id", s("k".repeat(512))))).hasSize(512);
  }

  @Test
  void shouldFillATemplateFromTheKeys() {
    DocumentIds t = DocumentIds.template("{customerId}#{orderDate}");
    assertThat(t.idOf(keys("orderDate", s("2025"), "customerId", s("C1")))).isEqualTo("C1#2025");
  }

  @Test
  void shouldRejectATemplateThatLeavesAKeyOut() {
    DocumentIds t = DocumentIds.template("order-{customerId}");
    assertThatThrownBy(() -> t.idOf(keys("customerId", s("C1"), "orderDate", s("2025"))))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("[orderDate]");
  }

  @Test
  void shouldRejectAPlaceholderThatIsNoKey() {
    DocumentIds t = DocumentIds.template("{customerId}/{nope}");
    assertThatThrownBy(() -> t.idOf(Map.of("customerId", s("C1"))))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("'nope'");
  }

  @Test
  void shouldRejectMalformedTemplatesAtOnce() {
    assertThatThrownBy(() -> DocumentIds.template("fixed"))
        .hasMessageContaining("names no key attribute");
    assertThatThrownBy(() -> DocumentIds.template("{pk")).hasMessageContaining("unclosed");
    assertThatThrownBy(() -> DocumentIds.template("{}")).hasMessageContaining("empty or nested");
    assertThatThrownBy(() -> DocumentIds.template("pk}")).hasMessageContaining("stray '}'");
  }

  @Test
  void shouldRejectKeylessEvents() {
    assertThatThrownBy(() -> canonical.idOf(Map.of())).isInstanceOf(BadRecordException.class);
  }
}
