package dev.tributary.engine.http.internal;

import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.internal.Tags;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.TableDescription;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Pattern;

/** The control-plane operations: tables, TTL, limits, endpoints, tags, backups. */
final class ControlOperations {
  private final TributaryEngine engine;

  ControlOperations(TributaryEngine engine) {
    this.engine = engine;
  }

  void register(Map<String, Operation> ops) {
    ops.put("CreateTable", (r, http) -> createTable(r));
    ops.put("DescribeTable", (r, http) -> describeTable(r));
    ops.put(
        "UpdateTable",
        (r, http) ->
            ControlEncoder.table(
                "TableDescription", engine.updateTable(ControlDecoder.updateTable(r))));
    ops.put("DeleteTable", (r, http) -> deleteTable(r));
    ops.put("ListTables", (r, http) -> listTables(r));
    ops.put("DescribeTimeToLive", (r, http) -> describeTimeToLive(r));
    ops.put("UpdateTimeToLive", (r, http) -> updateTimeToLive(r));
    ops.put("DescribeLimits", (r, http) -> ControlEncoder.describeLimits());
    ops.put(
        "DescribeEndpoints",
        (r, http) -> ControlEncoder.describeEndpoints(http.header("Host").orElse("localhost")));
    ops.put("DescribeContinuousBackups", (r, http) -> describeContinuousBackups(r));
    ops.put("TagResource", (r, http) -> tagResource(r));
    ops.put("UntagResource", (r, http) -> untagResource(r));
    ops.put(
        "ListTagsOfResource",
        (r, http) -> ControlEncoder.tags(engine.listTagsOfResource(resource(r))));
  }

  private byte[] createTable(JsonRequest r) {
    CreateTableRequest request = ControlDecoder.createTable(r);
    Map<String, String> initialTags = tagList(r, false);
    r.check();
    if (initialTags.size() > Tags.MAX_TAGS) { // no table then
      throw new ValidationException(
          "One or more parameter values were invalid: The number of tags"
              + " exceeds the limit of "
              + Tags.MAX_TAGS);
    }
    TableDescription created = engine.createTable(request);
    if (!initialTags.isEmpty()) {
      try {
        engine.tagResource(created.tableName(), initialTags);
      } catch (ResourceNotFoundException deletedMeanwhile) {
        // created, then deleted by another request: the creation still succeeded
      }
    }
    return ControlEncoder.table("TableDescription", created);
  }

  private byte[] describeTable(JsonRequest r) {
    String name = r.tableName("TableName");
    r.check();
    return ControlEncoder.table("Table", engine.describeTable(name));
  }

  private byte[] deleteTable(JsonRequest r) {
    String name = r.tableName("TableName");
    r.check();
    return ControlEncoder.deletedTable(engine.deleteTable(name));
  }

  private byte[] listTables(JsonRequest r) {
    Optional<String> start = r.string("ExclusiveStartTableName");
    OptionalInt limit = r.intValue("Limit", 1, 100);
    r.check();
    return ControlEncoder.listTables(engine.listTables(start, limit));
  }

  private byte[] describeTimeToLive(JsonRequest r) {
    String name = r.tableName("TableName");
    r.check();
    return ControlEncoder.describeTimeToLive(engine.describeTimeToLive(name));
  }

  private byte[] updateTimeToLive(JsonRequest r) {
    String name = r.tableName("TableName");
    JsonRequest spec = r.requiredObject("TimeToLiveSpecification");
    boolean enabled = spec.requiredBool("Enabled");
    String attribute = spec.requiredString("AttributeName");
    if (spec.has("AttributeName") && attribute.isEmpty()) {
      spec.violation(
          "AttributeName", attribute, "Member must have length greater than or equal to 1");
    } else if (attribute.length() > 255) {
      spec.violation(
          "AttributeName", attribute, "Member must have length less than or equal to 255");
    }
    r.check();
    engine.updateTimeToLive(name, enabled, attribute);
    return ControlEncoder.updateTimeToLive(enabled, attribute);
  }

  private byte[] describeContinuousBackups(JsonRequest r) {
    String name = r.tableName("TableName");
    r.check();
    try {
      engine.describeTable(name);
    } catch (ResourceNotFoundException e) {
      // the backups API names a missing table its own way
      throw new WireException("TableNotFoundException", 400, "Table not found: " + name);
    }
    return ControlEncoder.continuousBackups();
  }

  private byte[] tagResource(JsonRequest r) {
    String arn = resourceArn(r);
    r.require("Tags");
    Map<String, String> add = tagList(r, true);
    r.check();
    engine.tagResource(existingTable(arn), add);
    return new byte[0]; // DynamoDB answers with an empty body
  }

  private byte[] untagResource(JsonRequest r) {
    String arn = resourceArn(r);
    r.require("TagKeys");
    List<String> keys = r.strings("TagKeys");
    r.check();
    engine.untagResource(existingTable(arn), keys);
    return new byte[0];
  }

  private String resource(JsonRequest r) {
    String arn = resourceArn(r);
    r.check();
    return existingTable(arn);
  }

  private static String resourceArn(JsonRequest r) {
    String arn = r.requiredString("ResourceArn");
    if (r.has("ResourceArn") && (arn.length() < 1 || arn.length() > 1283)) {
      r.violation("ResourceArn", arn, "Member must have length between 1 and 1283");
    }
    return arn;
  }

  /**
   * The table an ARN names when it is a table of this engine; ResourceNotFoundException otherwise.
   */
  private String existingTable(String arn) {
    int at = arn.indexOf(":table/");
    if (!arn.startsWith("arn:")) {
      throw new ValidationException("ARNs must start with 'arn:': " + arn);
    }
    if (at < 0 || arn.substring(at + 7).contains("/")) { // an index's ARN is no taggable resource
      throw new ValidationException(
          "Invalid TableArn: Invalid ResourceArn provided as input " + arn);
    }
    String name = arn.substring(at + 7);
    try {
      if (!name.contains("/") && engine.describeTable(name).tableArn().equals(arn)) {
        return name;
      }
    } catch (ResourceNotFoundException | ValidationException e) {
      // fall through to DynamoDB's wording
    }
    throw new ResourceNotFoundException(
        "Requested resource not found: ResourceArn: " + arn + " not found");
  }

  /**
   * The characters DynamoDB allows in tag keys and values: letters, spaces, digits, {@code
   * _.:/=+-@}.
   */
  private static final Pattern TAG_TEXT = Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");

  private static Map<String, String> tagList(JsonRequest r, boolean required) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonRequest t : r.objects("Tags")) {
      String key = t.requiredString("Key");
      String value = t.requiredString("Value");
      if (t.has("Key") && (key.isEmpty() || key.length() > 128)) {
        t.violation("Key", key, "Member must have length between 1 and 128");
      }
      if (value.length() > 256) {
        t.violation("Value", value, "Member must have length less than or equal to 256");
      }
      if (!TAG_TEXT.matcher(key).matches()) {
        t.violation(
            "Key", key, "Member must satisfy regular expression pattern: " + TAG_TEXT.pattern());
      }
      if (!TAG_TEXT.matcher(value).matches()) {
        t.violation(
            "Value",
            value,
            "Member must satisfy regular expression pattern: " + TAG_TEXT.pattern());
      }
      out.put(key, value);
    }
    if (required && r.has("Tags") && out.isEmpty()) {
      r.violation("Tags", "[]", "Member must have length greater than or equal to 1");
    }
    return out;
  }
}
