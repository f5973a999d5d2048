package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The item after an update, and the paths the update wrote (SET, REMOVE, ADD, DELETE targets in
 * that order): project the old or new item on them for ReturnValues UPDATED_OLD / UPDATED_NEW.
 */
public record UpdateResult(Map<String, AttributeValue> item, List<Path> updatedPaths) {
  public UpdateResult {
    item = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(item, "item")));
    updatedPaths = List.copyOf(Objects.requireNonNull(updatedPaths, "updatedPaths"));
  }
}
