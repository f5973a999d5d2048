package dev.tributary.handlers.function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.pipeline.EventPredicate;
import dev.tributary.handlers.function.internal.FilterPattern;
import dev.tributary.handlers.function.internal.Json;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An event source mapping's {@code FilterCriteria}, in Lambda's filter-pattern syntax: a record is
 * delivered when it matches any of the filters, each a pattern over the record as the function
 * receives it ({@code eventName}, {@code dynamodb.Keys}, {@code dynamodb.NewImage}, ...).
 *
 * <pre>{@code
 * FilterCriteria.of("{\"eventName\": [\"INSERT\"], \"dynamodb\": {\"NewImage\": {\"total\": {\"N\": [{\"numeric\": [\">\", 100]}]}}}}")
 * }</pre>
 *
 * <p>Also an {@link EventPredicate}, so the same filter can guard a pipeline route.
 */
public final class FilterCriteria implements EventPredicate {
  private final List<String> patterns;
  private final List<FilterPattern> compiled;

  private FilterCriteria(List<String> patterns, List<FilterPattern> compiled) {
    this.patterns = List.copyOf(patterns);
    this.compiled = List.copyOf(compiled);
  }

  /** Filters from their patterns (each a JSON object as a string, as Lambda's {@code Pattern}). */
  public static FilterCriteria of(String... patterns) {
    return of(List.of(patterns));
  }

  public static FilterCriteria of(Collection<String> patterns) {
    Objects.requireNonNull(patterns, "patterns");
    if (patterns.isEmpty()) {
      throw new IllegalArgumentException("FilterCriteria needs at least one filter");
    }
    List<FilterPattern> compiled = new ArrayList<>();
    int i = 0;
    for (String p : patterns) {
      Objects.requireNonNull(p, "pattern");
      JsonNode tree;
      try {
        tree = Json.MAPPER.readTree(p);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "Filters[" + i + "].Pattern is not JSON: " + e.getOriginalMessage());
      }
      try {
        compiled.add(FilterPattern.parse(tree));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Filters[" + i + "].Pattern: " + e.getMessage(), e);
      }
      i++;
    }
    return new FilterCriteria(List.copyOf(patterns), compiled);
  }

  /**
   * Lambda's shape, as YAML or JSON gives it: {@code {Filters: [{Pattern: "..."}]}}; a {@code
   * Pattern} may also be given as a map instead of a JSON string.
   */
  public static FilterCriteria fromMap(Map<?, ?> criteria) {
    Objects.requireNonNull(criteria, "FilterCriteria");
    if (!(criteria.get("Filters") instanceof List<?> filters) || criteria.size() != 1) {
      throw new IllegalArgumentException(
          "FilterCriteria must be {Filters: [{Pattern: ...}, ...]}, was " + criteria);
    }
    List<String> patterns = new ArrayList<>();
    for (Object f : filters) {
      if (!(f instanceof Map<?, ?> filter) || filter.size() != 1 || filter.get("Pattern") == null) {
        throw new IllegalArgumentException(
            "FilterCriteria: each filter must be {Pattern: ...}, was " + f);
      }
      Object p = filter.get("Pattern");
      try {
        patterns.add(p instanceof String s ? s : Json.MAPPER.writeValueAsString(p));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException(
            "FilterCriteria: a Pattern cannot be written as JSON: " + p, e);
      }
    }
    return of(patterns);
  }

  /** Whether the record, as JSON, matches any filter. */
  public boolean matches(JsonNode record) {
    for (FilterPattern p : compiled) {
      if (p.matches(record)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean test(ChangeEvent event) {
    try {
      return matches(Json.MAPPER.readTree(ChangeEventJson.toJson(event)));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an event's own JSON did not parse", e);
    }
  }

  /** The patterns as given. */
  public List<String> patterns() {
    return patterns;
  }

  @Override
  public String toString() {
    return "FilterCriteria" + patterns;
  }
}
