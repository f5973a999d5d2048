package dev.tributary.handlers.search.internal;

import static dev.tributary.core.AttributeValue.b;
import static dev.tributary.core.AttributeValue.bool;
import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.ns;
import static dev.tributary.core.AttributeValue.nul;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.AttributeValue.ss;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonImagesTest {
  private static String json(Map<String, AttributeValue> image) throws Exception {
    return JsonImages.MAPPER.writeValueAsString(JsonImages.document(image));
  }

  @Test
  void shouldKeepEvery38DigitNumberExactly() throws Exception {
    String big = "12345678901234567890123456789012345678";
    String frac = "0.12345678901234567890123456789012345678";
    String neg = "-9.9999999999999999999999999999999999999";
    String out = json(Map.of("big", n(big), "frac", n(frac), "neg", n(neg)));
    assertThat(out)
        .contains("\"big\":" + big)
        .contains("\"frac\":" + frac)
        .contains("\"neg\":" + neg);
    JsonNode back =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).readTree(out);
    assertThat(new BigDecimal(back.get("frac").asText())).isEqualByComparingTo(frac);
    assertThat(back.get("big").bigIntegerValue()).hasToString(big);
  }

  @Test
  void shouldWriteNumbersPlainlyAtDynamoDbsExtremes() throws Exception {
    String out =
        json(
            Map.of("huge", n("9.9999999999999999999999999999999999999E+125"), "tiny", n("1E-130")));
    assertThat(out).doesNotContain("E").contains("\"tiny\":0." + "0".repeat(129) + "1");
    assertThat(out).contains("\"huge\":99999999999999999999999999999999999999" + "0".repeat(88));
  }

  @Test
  void shouldWriteSetsAsArraysAndBinaryAsBase64() throws Exception {
    Map<String, AttributeValue> image = new LinkedHashMap<>();
    image.put("tags", ss("a", "b"));
    image.put("scores", ns("1", "2.5"));
    image.put("blob", b((byte) 0, (byte) 0xff, (byte) 0x10));
    image.put("blobs", AttributeValue.bs(Bytes.of((byte) 1), Bytes.of((byte) 2)));
    assertThat(json(image))
        .isEqualTo(
            "{\"tags\":[\"a\",\"b\"],\"scores\":[1,2.5],\"blob\":\"AP8Q\",\"blobs\":[\"AQ==\",\"Ag==\"]}");
  }

  @Test
  void shouldNestMapsAndListsAndWriteNullAndBooleans() throws Exception {
    Map<String, AttributeValue> image = new LinkedHashMap<>();
    image.put("address", m(Map.of("city", s("Oslo"))));
    image.put("items", l(m(Map.of("qty", n(2))), l(s("x"), nul())));
    image.put("gone", nul());
    image.put("ok", bool(true));
    image.put("empty", m(Map.of()));
    assertThat(json(image))
        .isEqualTo(
            "{\"address\":{\"city\":\"Oslo\"},\"items\":[{\"qty\":2},[\"x\",null]],\"gone\":null,\"ok\":true,\"empty\":{}}");
  }

  @Test
  void shouldWriteStringsAsTheyAreEvenWhenTheyLookLikeNumbers() throws Exception {
    assertThat(json(Map.of("zip", s("00123")))).isEqualTo("{\"zip\":\"00123\"}");
    assertThat(json(Map.of("list", l(List.of())))).isEqualTo("{\"list\":[]}");
  }
}
