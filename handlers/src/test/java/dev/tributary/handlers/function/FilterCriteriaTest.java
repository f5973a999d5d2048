package dev.tributary.handlers.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.ChangeEvent;
import dev.tributary.handlers.TestEvents;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lambda's filter-pattern syntax, row by row from AWS's documentation: the filter rule syntax table
 * of "Control which events Lambda sends to your function" (each comparison with a record that
 * matches and one that does not) and the DynamoDB examples of "Using event filtering with a
 * DynamoDB event source" (its sample record: key CustomerName, attributes AccountManager and
 * PaymentTerms).
 */
class FilterCriteriaTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The sample stream record of AWS's DynamoDB filtering page. */
  private static final String DDB =
      """
      {"eventID": "1", "eventVersion": "1.0", "dynamodb": {"ApproximateCreationDateTime": "1678831218.0",
        "Keys": {"CustomerName": {"S": "AnyCompany Industries"}},
        "NewImage": {"AccountManager": {"S": "Pat Candella"}, "PaymentTerms": {"S": "60 days"},
                     "CustomerName": {"S": "AnyCompany Industries"}},
        "SequenceNumber": "111", "SizeBytes": 26, "StreamViewType": "NEW_IMAGE"}}
      """;

  static Stream<Arguments> documentedExamples() {
    return Stream.of(
        // the filter rule syntax table
        row("Null", "{\"UserID\": [null]}", "{\"UserID\": null}", true),
        row("Null, a value", "{\"UserID\": [null]}", "{\"UserID\": \"u-1\"}", false),
        row("Empty", "{\"LastName\": [\"\"]}", "{\"LastName\": \"\"}", true),
        row("Empty, a name", "{\"LastName\": [\"\"]}", "{\"LastName\": \"Doe\"}", false),
        row("Equals", "{\"Name\": [\"Alice\"]}", "{\"Name\": \"Alice\"}", true),
        row("Equals is case-sensitive", "{\"Name\": [\"Alice\"]}", "{\"Name\": \"alice\"}", false),
        row(
            "Equals (ignore case)",
            "{\"Name\": [{\"equals-ignore-case\": \"alice\"}]}",
            "{\"Name\": \"ALICE\"}",
            true),
        row(
            "And",
            "{\"Location\": [\"New York\"], \"Day\": [\"Monday\"]}",
            "{\"Location\": \"New York\", \"Day\": \"Monday\"}",
            true),
        row(
            "And, one differs",
            "{\"Location\": [\"New York\"], \"Day\": [\"Monday\"]}",
            "{\"Location\": \"New York\", \"Day\": \"Tuesday\"}",
            false),
        row(
            "Or",
            "{\"PaymentType\": [\"Credit\", \"Debit\"]}",
            "{\"PaymentType\": \"Debit\"}",
            true),
        row(
            "Or, neither",
            "{\"PaymentType\": [\"Credit\", \"Debit\"]}",
            "{\"PaymentType\": \"Cash\"}",
            false),
        row(
            "Or (multiple fields)",
            "{\"$or\": [{\"Location\": [\"New York\"]}, {\"Day\": [\"Monday\"]}]}",
            "{\"Location\": \"Boston\", \"Day\": \"Monday\"}",
            true),
        row(
            "Or (multiple fields), neither",
            "{\"$or\": [{\"Location\": [\"New York\"]}, {\"Day\": [\"Monday\"]}]}",
            "{\"Location\": \"Boston\", \"Day\": \"Tuesday\"}",
            false),
        row(
            "Not",
            "{\"Weather\": [{\"anything-but\": [\"Raining\"]}]}",
            "{\"Weather\": \"Sunny\"}",
            true),
        row(
            "Not, the excluded value",
            "{\"Weather\": [{\"anything-but\": [\"Raining\"]}]}",
            "{\"Weather\": \"Raining\"}",
            false),
        row(
            "Numeric (equals)",
            "{\"Price\": [{\"numeric\": [\"=\", 100]}]}",
            "{\"Price\": 100}",
            true),
        row(
            "Numeric (equals), another",
            "{\"Price\": [{\"numeric\": [\"=\", 100]}]}",
            "{\"Price\": 101}",
            false),
        row(
            "Numeric (range), upper bound in",
            "{\"Price\": [{\"numeric\": [\">\", 10, \"<=\", 20]}]}",
            "{\"Price\": 20}",
            true),
        row(
            "Numeric (range), lower bound out",
            "{\"Price\": [{\"numeric\": [\">\", 10, \"<=\", 20]}]}",
            "{\"Price\": 10}",
            false),
        row(
            "Numeric (range), above",
            "{\"Price\": [{\"numeric\": [\">\", 10, \"<=\", 20]}]}",
            "{\"Price\": 20.5}",
            false),
        row(
            "Exists",
            "{\"ProductName\": [{\"exists\": true}]}",
            "{\"ProductName\": \"Widget\"}",
            true),
        row("Exists, missing", "{\"ProductName\": [{\"exists\": true}]}", "{\"Price\": 1}", false),
        row("Does not exist", "{\"ProductName\": [{\"exists\": false}]}", "{\"Price\": 1}", true),
        row(
            "Does not exist, present",
            "{\"ProductName\": [{\"exists\": false}]}",
            "{\"ProductName\": \"Widget\"}",
            false),
        row(
            "Begins with",
            "{\"Region\": [{\"prefix\": \"us-\"}]}",
            "{\"Region\": \"us-east-1\"}",
            true),
        row(
            "Begins with, another",
            "{\"Region\": [{\"prefix\": \"us-\"}]}",
            "{\"Region\": \"eu-west-1\"}",
            false),
        row(
            "Ends with",
            "{\"FileName\": [{\"suffix\": \".png\"}]}",
            "{\"FileName\": \"photo.png\"}",
            true),
        row(
            "Ends with, another",
            "{\"FileName\": [{\"suffix\": \".png\"}]}",
            "{\"FileName\": \"photo.jpg\"}",
            false),
        // the DynamoDB page's examples, on its sample record
        row(
            "DynamoDB: table key",
            "{\"dynamodb\": {\"Keys\": {\"CustomerName\": {\"S\": [\"AnyCompany Industries\"]}}}}",
            DDB,
            true),
        row(
            "DynamoDB: another key",
            "{\"dynamodb\": {\"Keys\": {\"CustomerName\": {\"S\": [\"Example Corp\"]}}}}",
            DDB,
            false),
        row(
            "DynamoDB: attribute, one of two",
            "{\"dynamodb\": {\"NewImage\": {\"AccountManager\": {\"S\": [\"Pat Candella\", \"Shirley Rodriguez\"]}}}}",
            DDB,
            true),
        row(
            "DynamoDB: Boolean AND",
            "{\"dynamodb\": {\"NewImage\": {\"AccountManager\": {\"S\": [\"Pat Candella\"]}, \"PaymentTerms\": {\"S\": [\"60 days\"]}}}}",
            DDB,
            true),
        row(
            "DynamoDB: Boolean AND, one differs",
            "{\"dynamodb\": {\"NewImage\": {\"AccountManager\": {\"S\": [\"Pat Candella\"]}, \"PaymentTerms\": {\"S\": [\"30 days\"]}}}}",
            DDB,
            false),
        row(
            "DynamoDB: exists on a leaf",
            "{\"dynamodb\": {\"NewImage\": {\"AccountManager\": {\"S\": [{\"exists\": true}]}}}}",
            DDB,
            true),
        row(
            "DynamoDB: exists on an intermediate node does not work",
            "{\"dynamodb\": {\"NewImage\": {\"AccountManager\": [{\"exists\": true}]}}}",
            DDB,
            false),
        row(
            "DynamoDB: exists false on a missing attribute",
            "{\"dynamodb\": {\"NewImage\": {\"Discount\": {\"N\": [{\"exists\": false}]}}}}",
            DDB,
            true),
        row(
            "DynamoDB: old image absent",
            "{\"dynamodb\": {\"OldImage\": {\"AccountManager\": {\"S\": [\"Pat Candella\"]}}}}",
            DDB,
            false));
  }

  private static Arguments row(String name, String pattern, String record, boolean matches) {
    return Arguments.of(name, pattern, record, matches);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documentedExamples")
  void shouldMatchAsAwsDocumentsIt(String name, String pattern, String record, boolean matches)
      throws Exception {
    assertThat(FilterCriteria.of(pattern).matches(JSON.readTree(record)))
        .as(name)
        .isEqualTo(matches);
  }

  @Test
  void shouldFilterTributaryEventsOnEventNameNumbersAndSets() {
    Instant at = Instant.parse("2026-03-01T10:00:00Z");
    ChangeEvent insert =
        TestEvents.insert("Orders", 1, at, "ORD-1", "a@example.com"); // total 299.99, PLACED
    ChangeEvent modify = TestEvents.modify("Orders", 2, at, "ORD-1", "PLACED", "SHIPPED");
    ChangeEvent remove = TestEvents.remove("Orders", 3, at, "ORD-1");
    FilterCriteria bigInserts =
        FilterCriteria.of(
            "{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"NewImage\": {\"total\": {\"N\": [{\"numeric\": [\">\", 100]}]}}}}");
    assertThat(List.of(insert, modify, remove))
        .filteredOn(bigInserts::test)
        .containsExactly(insert);
    assertThat(
            FilterCriteria.of(
                    "{\"dynamodb\": {\"NewImage\": {\"total\": {\"N\": [{\"numeric\": [\">\", 300]}]}}}}")
                .test(insert))
        .isFalse();
    // any of several filters; a status change seen in both images
    FilterCriteria shippedOrRemoved =
        FilterCriteria.fromMap(
            Map.of(
                "Filters",
                List.of(
                    Map.of(
                        "Pattern",
                        Map.of(
                            "dynamodb",
                            Map.of(
                                "OldImage",
                                    Map.of(
                                        "status",
                                        Map.of(
                                            "S",
                                            List.of(Map.of("anything-but", List.of("SHIPPED"))))),
                                "NewImage", Map.of("status", Map.of("S", List.of("SHIPPED")))))),
                    Map.of("Pattern", "{\"eventName\": [\"REMOVE\"]}"))));
    assertThat(List.of(insert, modify, remove))
        .filteredOn(shippedOrRemoved::test)
        .containsExactly(modify, remove);
    // a list attribute matches when any element does
    assertThat(
            FilterCriteria.of(
                    "{\"dynamodb\": {\"NewImage\": {\"items\": {\"L\": {\"M\": {\"sku\": {\"S\": [\"SKU-2\"]}}}}}}}")
                .test(insert))
        .isTrue();
  }

  @Test
  void shouldRejectMalformedPatternsNamingWhere() {
    assertThatThrownBy(() -> FilterCriteria.of("{\"eventName\": \"INSERT\"}"))
        .hasMessageContaining("Filters[0].Pattern")
        .hasMessageContaining("at eventName")
        .hasMessageContaining("array");
    assertThatThrownBy(
            () ->
                FilterCriteria.of(
                    "{\"eventName\": [\"INSERT\"]}", "{\"x\": [{\"wildcard\": \"*\"}]}"))
        .hasMessageContaining("Filters[1].Pattern")
        .hasMessageContaining("unknown operator 'wildcard'");
    assertThatThrownBy(() -> FilterCriteria.of("{\"p\": [{\"numeric\": [\">\", \"10\"]}]}"))
        .hasMessageContaining("numeric");
    assertThatThrownBy(() -> FilterCriteria.of("{\"p\": [{\"numeric\": [\">\", 1, \">\", 5]}]}"))
        .hasMessageContaining("lower and an upper");
    assertThatThrownBy(() -> FilterCriteria.of("not json")).hasMessageContaining("not JSON");
    assertThatThrownBy(() -> FilterCriteria.fromMap(Map.of("Filter", List.of())))
        .hasMessageContaining("{Filters: [{Pattern: ...}");
  }
}
