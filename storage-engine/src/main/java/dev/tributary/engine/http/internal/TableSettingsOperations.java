package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.TableSettings;
import dev.tributary.engine.model.TableSettings.Units;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * {@code DeletionProtectionEnabled}, {@code OnDemandThroughput} and {@code WarmThroughput} on
 * CreateTable, UpdateTable and DescribeTable: wraps those registered operations, reads and
 * validates the members, keeps them in the engine's table settings and adds them to the answered
 * table description. DeleteTable on a protected table is refused by the engine.
 */
final class TableSettingsOperations {
  /** DynamoDB's default warm throughput of a new table and GSI. */
  static final long DEFAULT_WARM_READ = 12_000;

  static final long DEFAULT_WARM_WRITE = 4_000;
  private static final Set<String> SETTINGS_MEMBERS =
      Set.of("TableName", "DeletionProtectionEnabled", "OnDemandThroughput", "WarmThroughput");

  private final TributaryEngine engine;

  TableSettingsOperations(TributaryEngine engine) {
    this.engine = engine;
  }

  void register(Map<String, Operation> ops) {
    Operation create = ops.get("CreateTable");
    Operation update = ops.get("UpdateTable");
    Operation describe = ops.get("DescribeTable");
    ops.put(
        "CreateTable",
        (r, http) -> {
          ObjectNode body = JsonTrees.requestObject(http);
          UnaryOperator<TableSettings> change = changes(body, true);
          JsonNode out = JsonTrees.parse(create.handle(r, http));
          String name = body.path("TableName").asText();
          TableSettings s;
          try {
            s = engine.updateTableSettings(name, change);
          } catch (ResourceNotFoundException deletedMeanwhile) {
            s = change.apply(TableSettings.DEFAULT); // created, then deleted by another request
          }
          return describe(out, "TableDescription", s);
        });
    ops.put(
        "UpdateTable",
        (r, http) -> {
          ObjectNode body = JsonTrees.requestObject(http);
          UnaryOperator<TableSettings> change = changes(body, false);
          String name = body.path("TableName").asText();
          boolean onlySettings = true;
          var names = body.fieldNames();
          while (names.hasNext()) {
            String m = names.next();
            if (!SETTINGS_MEMBERS.contains(m) && !body.get(m).isNull()) {
              onlySettings = false;
            }
          }
          JsonNode out;
          if (onlySettings && body.size() > 1) {
            // a settings-only update: no change to the table itself, answered with its description
            r.tableName("TableName");
            r.check();
            ObjectNode d = (ObjectNode) JsonTrees.parse(describe.handle(r, http));
            out = PartiqlTranslator.JSON.objectNode().set("TableDescription", d.get("Table"));
          } else {
            out = JsonTrees.parse(update.handle(r, http));
          }
          TableSettings s = engine.updateTableSettings(name, change);
          return describe(out, "TableDescription", s);
        });
    ops.put(
        "DescribeTable",
        (r, http) -> {
          JsonNode out = JsonTrees.parse(describe.handle(r, http));
          return describe(
              out, "Table", engine.tableSettings(out.path("Table").path("TableName").asText()));
        });
  }

  /** The settings changes a request asks for, validated before anything is changed. */
  private static UnaryOperator<TableSettings> changes(ObjectNode body, boolean create) {
    UnaryOperator<TableSettings> change = s -> s;
    JsonNode dp = body.get("DeletionProtectionEnabled");
    if (dp != null && !dp.isNull()) {
      if (!dp.isBoolean()) {
        throw WireException.serialization(
            "Unexpected value type for 'DeletionProtectionEnabled': expected a boolean");
      }
      boolean on = dp.booleanValue();
      change = andThen(change, s -> s.withDeletionProtection(on));
    }
    change = andThen(change, throughput(body, ""));
    String indexes = create ? "GlobalSecondaryIndexes" : "GlobalSecondaryIndexUpdates";
    for (JsonNode i : body.path(indexes)) {
      JsonNode spec = create ? i : i.has("Create") ? i.get("Create") : i.path("Update");
      if (spec.isObject() && spec.has("IndexName")) {
        change = andThen(change, throughput(spec, spec.path("IndexName").asText()));
      }
    }
    return change;
  }

  private static UnaryOperator<TableSettings> throughput(JsonNode spec, String index) {
    UnaryOperator<TableSettings> change = s -> s;
    JsonNode od = spec.get("OnDemandThroughput");
    if (od != null && !od.isNull()) {
      Units u = new Units(units(od, "MaxReadRequestUnits"), units(od, "MaxWriteRequestUnits"));
      if (u.read() == 0 || u.read() < -1 || u.write() == 0 || u.write() < -1) {
        throw new ValidationException(
            "One or more parameter values were invalid: MaxReadRequestUnits and MaxWriteRequestUnits "
                + "must be -1 or greater than 0");
      }
      change = andThen(change, s -> s.withOnDemand(index, u));
    }
    JsonNode warm = spec.get("WarmThroughput");
    if (warm != null && !warm.isNull()) {
      long read = units(warm, "ReadUnitsPerSecond");
      long write = units(warm, "WriteUnitsPerSecond");
      if ((read != -1 && read < DEFAULT_WARM_READ) || (write != -1 && write < DEFAULT_WARM_WRITE)) {
        throw new ValidationException(
            "One or more parameter values were invalid: WarmThroughput ReadUnitsPerSecond must be at least "
                + DEFAULT_WARM_READ
                + " and WriteUnitsPerSecond at least "
                + DEFAULT_WARM_WRITE);
      }
      change =
          andThen(
              change,
              s ->
                  s.withWarm(
                      index,
                      new Units(
                          read == -1
                              ? s.warm(index).map(Units::read).orElse(DEFAULT_WARM_READ)
                              : read,
                          write == -1
                              ? s.warm(index).map(Units::write).orElse(DEFAULT_WARM_WRITE)
                              : write)));
    }
    return change;
  }

  private static long units(JsonNode o, String member) {
    JsonNode v = o.get(member);
    if (v == null || v.isNull()) {
      return -1;
    }
    if (!v.isIntegralNumber()) {
      throw WireException.serialization(
          "Unexpected value type for '" + member + "': expected a number");
    }
    return v.longValue();
  }

  private static UnaryOperator<TableSettings> andThen(
      UnaryOperator<TableSettings> first, UnaryOperator<TableSettings> second) {
    return s -> second.apply(first.apply(s));
  }

  private static byte[] describe(JsonNode out, String member, TableSettings s) {
    if (out.get(member) instanceof ObjectNode t) {
      t.put("DeletionProtectionEnabled", s.deletionProtectionEnabled());
      describe(t, s, "");
      for (JsonNode i : t.path("GlobalSecondaryIndexes")) {
        if (i instanceof ObjectNode io) {
          describe(io, s, io.path("IndexName").asText());
        }
      }
    }
    return JsonTrees.bytes(out);
  }

  private static void describe(ObjectNode t, TableSettings s, String index) {
    s.onDemand(index)
        .ifPresent(
            u -> {
              ObjectNode o = t.putObject("OnDemandThroughput");
              o.put("MaxReadRequestUnits", u.read());
              o.put("MaxWriteRequestUnits", u.write());
            });
    Units warm = s.warm(index).orElse(new Units(DEFAULT_WARM_READ, DEFAULT_WARM_WRITE));
    ObjectNode w = t.putObject("WarmThroughput");
    w.put("ReadUnitsPerSecond", warm.read());
    w.put("WriteUnitsPerSecond", warm.write());
    w.put("Status", "ACTIVE");
  }
}
