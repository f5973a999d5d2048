package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.engine.CancellationReason;
import dev.tributary.engine.ConditionalCheckFailedException;
import dev.tributary.engine.DynamoDbException;
import dev.tributary.engine.TransactionCanceledException;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.http.internal.PartiqlAst.Delete;
import dev.tributary.engine.http.internal.PartiqlAst.Insert;
import dev.tributary.engine.http.internal.PartiqlAst.Select;
import dev.tributary.engine.http.internal.PartiqlAst.Statement;
import dev.tributary.engine.http.internal.PartiqlAst.Update;
import dev.tributary.engine.http.internal.PartiqlTranslator.KeySchema;
import dev.tributary.engine.http.internal.PartiqlTranslator.Plan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * DynamoDB's PartiQL operations, {@code ExecuteStatement}, {@code BatchExecuteStatement} and {@code
 * ExecuteTransaction}. Each statement is parsed ({@link PartiqlParser}), translated into the
 * equivalent DynamoDB request ({@link PartiqlTranslator}) and served by the registered operation of
 * that name, so validation, capacity, conditions and change records are those of
 * GetItem/Query/Scan/PutItem/UpdateItem/DeleteItem/TransactGetItems/TransactWriteItems.
 */
final class PartiqlOperations {
  static final int MAX_BATCH_STATEMENTS = 25;
  static final int MAX_TRANSACTION_STATEMENTS = 100;

  private final Map<String, Operation> operations;
  private final Map<String, LaterOperation> laterOperations;

  PartiqlOperations(
      Map<String, Operation> operations, Map<String, LaterOperation> laterOperations) {
    this.operations = operations;
    this.laterOperations = laterOperations;
  }

  void register(Map<String, Operation> ops) {
    ops.put("ExecuteStatement", this::executeStatement);
    ops.put("BatchExecuteStatement", this::batchExecuteStatement);
    ops.put("ExecuteTransaction", this::executeTransaction);
  }

  // ---- ExecuteStatement --------------------------------------------------------------------

  private byte[] executeStatement(JsonRequest r, HttpRequestView http) {
    String text = r.requiredString("Statement");
    int limit = r.intValue("Limit", 1, Integer.MAX_VALUE).orElse(0);
    Optional<String> nextToken = r.string("NextToken");
    boolean consistent = r.bool("ConsistentRead", false);
    Optional<String> capacity = r.oneOf("ReturnConsumedCapacity", "INDEXES", "TOTAL", "NONE");
    Optional<String> onFailure = r.oneOf("ReturnValuesOnConditionCheckFailure", "ALL_OLD", "NONE");
    r.check();
    ObjectNode body = JsonTrees.requestObject(http);
    ArrayNode params = parameters(body.get("Parameters"));
    Statement s = parse(text, params);
    Plan plan = plan(s, params, false);
    ObjectNode req = plan.request();
    capacity.ifPresent(c -> req.put("ReturnConsumedCapacity", c));
    ObjectNode out = PartiqlTranslator.JSON.objectNode();
    if (s instanceof Select) {
      if (consistent) {
        req.put("ConsistentRead", true);
      }
      if (limit > 0) {
        req.put("Limit", limit);
      }
      nextToken.ifPresent(t -> req.set("ExclusiveStartKey", decodeToken(t)));
      JsonNode page = call(plan.operation(), req, http);
      out.set("Items", page.has("Items") ? page.get("Items") : PartiqlTranslator.JSON.arrayNode());
      if (page.has("LastEvaluatedKey")) {
        out.put("NextToken", encodeToken(page.get("LastEvaluatedKey")));
        out.set("LastEvaluatedKey", page.get("LastEvaluatedKey"));
      }
      copyCapacity(page, out);
    } else {
      onFailure.ifPresent(v -> req.put("ReturnValuesOnConditionCheckFailure", v));
      JsonNode result = write(s, plan, http);
      ArrayNode items = out.putArray("Items");
      if (result.has("Attributes")) {
        items.add(result.get("Attributes"));
      }
      copyCapacity(result, out);
    }
    return JsonTrees.bytes(out);
  }

  private static void copyCapacity(JsonNode from, ObjectNode to) {
    if (from.has("ConsumedCapacity")) {
      to.set("ConsumedCapacity", from.get("ConsumedCapacity"));
    }
  }

  /** Runs a write; an INSERT whose key exists is DynamoDB's DuplicateItemException. */
  private JsonNode write(Statement s, Plan plan, HttpRequestView http) {
    try {
      return call(plan.operation(), plan.request(), http);
    } catch (ConditionalCheckFailedException e) {
      if (s instanceof Insert) {
        throw duplicate();
      }
      throw e;
    }
  }

  static WireException duplicate() {
    return new WireException(
        "DuplicateItemException", 400, "Duplicate primary key exists in table");
  }

  /** A batch's or transaction's statements: 1 to {@code max}, a violation otherwise. */
  private static List<JsonRequest> statements(JsonRequest r, String member, int max) {
    List<JsonRequest> statements = r.objects(member);
    if (!r.require(member)) {
      return statements;
    }
    if (statements.isEmpty()) {
      r.violation(member, "[]", "Member must have length greater than or equal to 1");
    } else if (statements.size() > max) {
      r.violation(member, "[...]", "Member must have length less than or equal to " + max);
    }
    return statements;
  }

  // ---- BatchExecuteStatement ---------------------------------------------------------------

  private byte[] batchExecuteStatement(JsonRequest r, HttpRequestView http) {
    List<JsonRequest> statements = statements(r, "Statements", MAX_BATCH_STATEMENTS);
    Optional<String> capacity = r.oneOf("ReturnConsumedCapacity", "INDEXES", "TOTAL", "NONE");
    for (JsonRequest st : statements) {
      st.requiredString("Statement");
      st.oneOf("ReturnValuesOnConditionCheckFailure", "ALL_OLD", "NONE");
    }
    r.check();
    JsonNode raw = JsonTrees.requestObject(http).get("Statements");
    ObjectNode out = PartiqlTranslator.JSON.objectNode();
    ArrayNode responses = out.putArray("Responses");
    ArrayNode consumed = PartiqlTranslator.JSON.arrayNode();
    for (int i = 0; i < statements.size(); i++) {
      JsonRequest st = statements.get(i);
      ObjectNode response = responses.addObject();
      String table = null;
      try {
        ArrayNode params = parameters(raw.get(i).get("Parameters"));
        Statement s = parse(st.requiredString("Statement"), params);
        table = s.table();
        Plan plan = plan(s, params, true);
        capacity.ifPresent(c -> plan.request().put("ReturnConsumedCapacity", c));
        JsonNode result;
        if (s instanceof Select) {
          if (st.bool("ConsistentRead", false)) {
            plan.request().put("ConsistentRead", true);
          }
          result = call(plan.operation(), plan.request(), http);
        } else {
          st.string("ReturnValuesOnConditionCheckFailure")
              .ifPresent(v -> plan.request().put("ReturnValuesOnConditionCheckFailure", v));
          result = write(s, plan, http);
        }
        response.put("TableName", table);
        if (result.has("Item")) {
          response.set("Item", result.get("Item"));
        }
        if (result.has("ConsumedCapacity")) {
          consumed.add(result.get("ConsumedCapacity"));
        }
      } catch (DynamoDbException e) {
        if (e.httpStatus() >= 500) {
          throw e;
        }
        if (table != null) {
          response.put("TableName", table);
        }
        ObjectNode error = response.putObject("Error");
        error.put("Code", batchCode(e.errorCode()));
        error.put("Message", Optional.ofNullable(e.getMessage()).orElse(e.errorCode()));
        if (e instanceof ConditionalCheckFailedException c && c.item().isPresent()) {
          JsonNode encoded = JsonTrees.parse(ErrorEncoder.body(c));
          error.set("Item", encoded.get("Item"));
        }
      }
    }
    if (!consumed.isEmpty()) {
      out.set("ConsumedCapacity", consumed);
    }
    return JsonTrees.bytes(out);
  }

  /** DynamoDB's BatchStatementErrorCodeEnum for an operation's error name. */
  static String batchCode(String errorCode) {
    return switch (errorCode) {
      case "ConditionalCheckFailedException" -> "ConditionalCheckFailed";
      case "DuplicateItemException" -> "DuplicateItem";
      case "ResourceNotFoundException" -> "ResourceNotFound";
      case "ProvisionedThroughputExceededException" -> "ProvisionedThroughputExceeded";
      case "TransactionConflictException" -> "TransactionConflict";
      case "ItemCollectionSizeLimitExceededException" -> "ItemCollectionSizeLimitExceeded";
      case "RequestLimitExceeded" -> "RequestLimitExceeded";
      case "ThrottlingException" -> "ThrottlingError";
      case "AccessDeniedException" -> "AccessDenied";
      default -> "ValidationError";
    };
  }

  // ---- ExecuteTransaction ------------------------------------------------------------------

  private byte[] executeTransaction(JsonRequest r, HttpRequestView http) {
    List<JsonRequest> statements = statements(r, "TransactStatements", MAX_TRANSACTION_STATEMENTS);
    Optional<String> token = r.string("ClientRequestToken");
    Optional<String> capacity = r.oneOf("ReturnConsumedCapacity", "INDEXES", "TOTAL", "NONE");
    for (JsonRequest st : statements) {
      st.requiredString("Statement");
      st.oneOf("ReturnValuesOnConditionCheckFailure", "ALL_OLD", "NONE");
    }
    r.check();
    JsonNode raw = JsonTrees.requestObject(http).get("TransactStatements");
    List<Statement> parsed = new ArrayList<>();
    List<Plan> plans = new ArrayList<>();
    for (int i = 0; i < statements.size(); i++) {
      ArrayNode params = parameters(raw.get(i).get("Parameters"));
      Statement s = parse(statements.get(i).requiredString("Statement"), params);
      parsed.add(s);
      plans.add(plan(s, params, true));
    }
    long reads = parsed.stream().filter(s -> s instanceof Select).count();
    if (reads != 0 && reads != parsed.size()) {
      throw new ValidationException("Transaction statements must all be reads or all be writes");
    }
    ObjectNode req = PartiqlTranslator.JSON.objectNode();
    capacity.ifPresent(c -> req.put("ReturnConsumedCapacity", c));
    ArrayNode items = req.putArray("TransactItems");
    ObjectNode out = PartiqlTranslator.JSON.objectNode();
    if (reads > 0) {
      plans.forEach(p -> items.addObject().set("Get", p.request()));
      JsonNode result = call("TransactGetItems", req, http);
      out.set("Responses", result.get("Responses"));
      copyCapacity(result, out);
      return JsonTrees.bytes(out);
    }
    token.ifPresent(t -> req.put("ClientRequestToken", t));
    for (int i = 0; i < plans.size(); i++) {
      ObjectNode action = plans.get(i).request();
      if (action.has("ReturnValues")) {
        throw new ValidationException("RETURNING is not supported in transactions");
      }
      statements
          .get(i)
          .string("ReturnValuesOnConditionCheckFailure")
          .ifPresent(v -> action.put("ReturnValuesOnConditionCheckFailure", v));
      String kind =
          switch (plans.get(i).operation()) {
            case "PutItem" -> "Put";
            case "UpdateItem" -> "Update";
            default -> "Delete";
          };
      items.addObject().set(kind, action);
    }
    try {
      JsonNode result = call("TransactWriteItems", req, http);
      copyCapacity(result, out);
      return JsonTrees.bytes(out);
    } catch (TransactionCanceledException e) {
      throw duplicates(e, parsed);
    }
  }

  /** An INSERT whose item exists is cancelled with DynamoDB's {@code DuplicateItem} code. */
  private static TransactionCanceledException duplicates(
      TransactionCanceledException e, List<Statement> parsed) {
    List<CancellationReason> reasons = new ArrayList<>(e.reasons());
    boolean changed = false;
    for (int i = 0; i < reasons.size() && i < parsed.size(); i++) {
      if (parsed.get(i) instanceof Insert
          && reasons.get(i).code().equals("ConditionalCheckFailed")) {
        reasons.set(
            i,
            new CancellationReason(
                "DuplicateItem",
                Optional.of("Duplicate primary key exists in table"),
                Optional.empty()));
        changed = true;
      }
    }
    if (!changed) {
      return e;
    }
    return new TransactionCanceledException(reasons);
  }

  // ---- shared ------------------------------------------------------------------------------

  private static Statement parse(String text, ArrayNode params) {
    PartiqlParser.Parsed parsed = PartiqlParser.parse(text);
    if (parsed.parameterCount() != params.size()) {
      throw new ValidationException("Number of parameters in request and statement don't match.");
    }
    return parsed.statement();
  }

  private Plan plan(Statement s, ArrayNode params, boolean singleItemReads) {
    PartiqlTranslator t = new PartiqlTranslator(params);
    if (s instanceof Select sel) {
      KeySchema keys = keySchema(sel.table(), sel.index());
      return singleItemReads ? t.get(sel, keys) : t.select(sel, keys);
    }
    KeySchema keys = keySchema(s.table(), Optional.empty());
    if (s instanceof Insert ins) {
      return t.insert(ins, keys);
    }
    if (s instanceof Update u) {
      return t.update(u, keys);
    }
    return t.delete((Delete) s, keys);
  }

  private KeySchema keySchema(String table, Optional<String> index) {
    ObjectNode req = PartiqlTranslator.JSON.objectNode();
    req.put("TableName", table);
    JsonNode description = call("DescribeTable", req, null).path("Table");
    JsonNode schema = description.path("KeySchema");
    if (index.isPresent()) {
      schema = null;
      for (String member : List.of("GlobalSecondaryIndexes", "LocalSecondaryIndexes")) {
        for (JsonNode i : description.path(member)) {
          if (index.get().equals(i.path("IndexName").asText())) {
            schema = i.path("KeySchema");
          }
        }
      }
      if (schema == null) {
        throw new ValidationException(
            "The table does not have the specified index: " + index.get());
      }
    }
    String pk = null;
    String sk = null;
    for (JsonNode k : schema) {
      if ("HASH".equals(k.path("KeyType").asText())) {
        pk = k.path("AttributeName").asText();
      } else {
        sk = k.path("AttributeName").asText();
      }
    }
    if (pk == null) {
      throw WireException.internal();
    }
    return new KeySchema(pk, Optional.ofNullable(sk));
  }

  private JsonNode call(String operation, ObjectNode request, HttpRequestView http) {
    JsonRequest r = JsonRequest.parse(JsonTrees.bytes(request));
    LaterOperation later = laterOperations.get(operation);
    byte[] out;
    if (later != null) {
      try {
        out = later.handle(r, http).join();
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException re) {
          throw re;
        }
        throw e;
      }
    } else {
      out = operations.get(operation).handle(r, http);
    }
    return JsonTrees.parse(out);
  }

  private static ArrayNode parameters(JsonNode node) {
    if (node == null || node.isNull()) {
      return PartiqlTranslator.JSON.arrayNode();
    }
    if (!node.isArray()) {
      throw WireException.serialization("Unexpected value type for 'Parameters': expected a list");
    }
    if (node.isEmpty()) {
      throw new ValidationException(
          "1 validation error detected: Value '[]' at 'parameters' failed to satisfy constraint: "
              + "Member must have length greater than or equal to 1");
    }
    for (JsonNode p : node) {
      if (!p.isObject()) {
        throw WireException.serialization(
            "Unexpected value type for 'Parameters': expected a list of structures");
      }
    }
    return (ArrayNode) node;
  }

  private static String encodeToken(JsonNode lastEvaluatedKey) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(JsonTrees.bytes(lastEvaluatedKey));
  }

  private static JsonNode decodeToken(String token) {
    try {
      JsonNode key = JsonRequest.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
      if (key != null && key.isObject()) {
        return key;
      }
    } catch (IllegalArgumentException | IOException e) {
      // fall through
    }
    throw new ValidationException("Invalid NextToken");
  }
}
