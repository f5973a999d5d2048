package dev.tributary.engine.model;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.ExpressionPrinter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What every builder of a request with expressions shares: ExpressionAttributeNames and
 * ExpressionAttributeValues, and the printer that turns typed expression trees into the request.
 */
public abstract class ExpressionRequestBuilder<B extends ExpressionRequestBuilder<B>> {
  private ExpressionParameters parameters = ExpressionParameters.NONE;
  private ExpressionPrinter printer;

  ExpressionRequestBuilder() {}

  @SuppressWarnings("unchecked")
  B self() {
    return (B) this;
  }

  /** Prints typed expression trees into this request, with their own #n / :v placeholders. */
  ExpressionPrinter printer() {
    if (printer == null) {
      printer = new ExpressionPrinter();
    }
    return printer;
  }

  /** The request's placeholders, plus those of any typed expressions given to the builder. */
  ExpressionParameters parameters() {
    if (printer == null) {
      return parameters;
    }
    Map<String, String> names = new LinkedHashMap<>(parameters.names());
    names.putAll(printer.names());
    Map<String, AttributeValue> values = new LinkedHashMap<>(parameters.values());
    values.putAll(printer.values());
    return new ExpressionParameters(names, values);
  }

  /** An ExpressionAttributeNames entry, e.g. {@code name("#s", "status")}. */
  public B name(String placeholder, String attributeName) {
    parameters = parameters.withName(placeholder, attributeName);
    return self();
  }

  /** An ExpressionAttributeValues entry, e.g. {@code value(":s", AttributeValue.s("PENDING"))}. */
  public B value(String placeholder, AttributeValue value) {
    parameters = parameters.withValue(placeholder, value);
    return self();
  }

  public B expressionParameters(ExpressionParameters parameters) {
    this.parameters = Objects.requireNonNull(parameters, "parameters");
    return self();
  }

  public B names(Map<String, String> names) {
    parameters = new ExpressionParameters(names, parameters.values());
    return self();
  }

  public B values(Map<String, AttributeValue> values) {
    parameters = new ExpressionParameters(parameters.names(), values);
    return self();
  }
}
