package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.http.internal.PartiqlAst.Action;
import dev.tributary.engine.http.internal.PartiqlAst.And;
import dev.tributary.engine.http.internal.PartiqlAst.Arith;
import dev.tributary.engine.http.internal.PartiqlAst.Between;
import dev.tributary.engine.http.internal.PartiqlAst.Bool;
import dev.tributary.engine.http.internal.PartiqlAst.Call;
import dev.tributary.engine.http.internal.PartiqlAst.Compare;
import dev.tributary.engine.http.internal.PartiqlAst.Delete;
import dev.tributary.engine.http.internal.PartiqlAst.Entry;
import dev.tributary.engine.http.internal.PartiqlAst.Expr;
import dev.tributary.engine.http.internal.PartiqlAst.In;
import dev.tributary.engine.http.internal.PartiqlAst.Index;
import dev.tributary.engine.http.internal.PartiqlAst.Insert;
import dev.tributary.engine.http.internal.PartiqlAst.IsMissing;
import dev.tributary.engine.http.internal.PartiqlAst.ListLit;
import dev.tributary.engine.http.internal.PartiqlAst.MapLit;
import dev.tributary.engine.http.internal.PartiqlAst.Name;
import dev.tributary.engine.http.internal.PartiqlAst.Not;
import dev.tributary.engine.http.internal.PartiqlAst.Null;
import dev.tributary.engine.http.internal.PartiqlAst.Num;
import dev.tributary.engine.http.internal.PartiqlAst.Or;
import dev.tributary.engine.http.internal.PartiqlAst.Param;
import dev.tributary.engine.http.internal.PartiqlAst.PathRef;
import dev.tributary.engine.http.internal.PartiqlAst.RemoveAction;
import dev.tributary.engine.http.internal.PartiqlAst.Select;
import dev.tributary.engine.http.internal.PartiqlAst.SetAction;
import dev.tributary.engine.http.internal.PartiqlAst.SetLit;
import dev.tributary.engine.http.internal.PartiqlAst.Step;
import dev.tributary.engine.http.internal.PartiqlAst.Str;
import dev.tributary.engine.http.internal.PartiqlAst.Update;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one parsed PartiQL statement into the DynamoDB request that does the same thing: a Query
 * (partition key equality) or Scan for SELECT, PutItem for INSERT, UpdateItem for UPDATE and
 * DeleteItem for DELETE, with the WHERE clause's other conjuncts as a condition or filter
 * expression. The requests are then served by the ordinary operations, so they validate, meter and
 * write change records exactly as those do.
 */
final class PartiqlTranslator {
  static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** A table's (or index's) key attribute names; the sort key may be absent. */
  record KeySchema(String partitionKey, Optional<String> sortKey) {}

  /** The DynamoDB operation and request equivalent to a statement. */
  record Plan(String operation, ObjectNode request) {}

  private final ArrayNode parameters;
  private final Map<String, String> names = new LinkedHashMap<>();
  private final ObjectNode values = JSON.objectNode();

  PartiqlTranslator(ArrayNode parameters) {
    this.parameters = parameters;
  }

  // ---- statements --------------------------------------------------------------------------

  Plan select(Select s, KeySchema keys) {
    ObjectNode req = JSON.objectNode();
    req.put("TableName", s.table());
    s.index().ifPresent(i -> req.put("IndexName", i));
    project(req, s);
    List<Expr> conjuncts = conjuncts(s.where());
    Optional<Expr> pk = take(conjuncts, keys.partitionKey(), false);
    String operation = "Scan";
    if (pk.isPresent()) {
      operation = "Query";
      List<String> keyConds = new ArrayList<>();
      keyConds.add(condition(pk.get()));
      keys.sortKey()
          .flatMap(sk -> take(conjuncts, sk, true))
          .ifPresent(c -> keyConds.add(condition(c)));
      req.put("KeyConditionExpression", String.join(" AND ", keyConds));
    }
    if (!conjuncts.isEmpty()) {
      req.put("FilterExpression", conjunction(conjuncts));
    }
    finish(req);
    return new Plan(operation, req);
  }

  /**
   * A SELECT that names one item by its full key, as BatchExecuteStatement and transactions need.
   */
  Plan get(Select s, KeySchema keys) {
    if (s.index().isPresent()) {
      throw new ValidationException("Batch and transaction reads cannot read from an index");
    }
    List<Expr> conjuncts = conjuncts(s.where());
    ObjectNode req = keyed(s.table(), conjuncts, keys);
    if (!conjuncts.isEmpty()) {
      throw new ValidationException(
          "Where clause does not contain a mandatory equality on all key attributes");
    }
    project(req, s);
    finish(req);
    return new Plan("GetItem", req);
  }

  Plan insert(Insert s, KeySchema keys) {
    JsonNode item = value(s.item());
    if (!item.has("M")) {
      throw new ValidationException("Unsupported operation: Insert value must be a tuple");
    }
    ObjectNode req = JSON.objectNode();
    req.put("TableName", s.table());
    req.set("Item", item.get("M"));
    req.put("ConditionExpression", "attribute_not_exists(" + name(keys.partitionKey()) + ")");
    finish(req);
    return new Plan("PutItem", req);
  }

  Plan update(Update s, KeySchema keys) {
    List<Expr> conjuncts = conjuncts(Optional.of(s.where()));
    ObjectNode req = keyed(s.table(), conjuncts, keys);
    List<String> set = new ArrayList<>();
    List<String> remove = new ArrayList<>();
    List<String> add = new ArrayList<>();
    List<String> delete = new ArrayList<>();
    for (Action a : s.actions()) {
      if (a instanceof RemoveAction r) {
        remove.add(path(r.path()));
      } else if (a instanceof SetAction sa) {
        if (sa.value() instanceof Call c
            && (c.name().equals("set_add") || c.name().equals("set_delete"))) {
          if (c.args().size() != 2
              || !(c.args().get(0) instanceof PathRef p)
              || !p.path().equals(sa.path())) {
            throw new ValidationException(
                c.name()
                    + " takes the updated attribute and a set: SET a = "
                    + c.name()
                    + "(a, <<...>>)");
          }
          (c.name().equals("set_add") ? add : delete)
              .add(path(sa.path()) + " " + operand(c.args().get(1)));
        } else {
          set.add(path(sa.path()) + " = " + setValue(sa.value()));
        }
      }
    }
    StringBuilder u = new StringBuilder();
    clause(u, "SET", set);
    clause(u, "REMOVE", remove);
    clause(u, "ADD", add);
    clause(u, "DELETE", delete);
    req.put("UpdateExpression", u.toString().trim());
    List<String> cond = new ArrayList<>();
    cond.add("attribute_exists(" + name(keys.partitionKey()) + ")");
    conjuncts.forEach(c -> cond.add(condition(c)));
    req.put("ConditionExpression", String.join(" AND ", cond));
    s.returning().ifPresent(v -> req.put("ReturnValues", v));
    finish(req);
    return new Plan("UpdateItem", req);
  }

  Plan delete(Delete s, KeySchema keys) {
    List<Expr> conjuncts = conjuncts(Optional.of(s.where()));
    ObjectNode req = keyed(s.table(), conjuncts, keys);
    if (!conjuncts.isEmpty()) {
      // DynamoDB: deleting a missing item succeeds; only an existing one is checked
      req.put(
          "ConditionExpression",
          "attribute_not_exists("
              + name(keys.partitionKey())
              + ") OR ("
              + conjunction(conjuncts)
              + ")");
    }
    s.returning().ifPresent(v -> req.put("ReturnValues", v));
    finish(req);
    return new Plan("DeleteItem", req);
  }

  /** The WHERE clause's conjuncts (none without one). */
  private List<Expr> conjuncts(Optional<Expr> where) {
    List<Expr> conjuncts = new ArrayList<>();
    where.ifPresent(w -> flatten(w, conjuncts));
    return conjuncts;
  }

  /** A request on the item that the key equalities among {@code conjuncts} name; they leave it. */
  private ObjectNode keyed(String table, List<Expr> conjuncts, KeySchema keys) {
    ObjectNode req = JSON.objectNode();
    req.put("TableName", table);
    req.set("Key", key(conjuncts, keys));
    return req;
  }

  /** The SELECT's attribute list as a ProjectionExpression; {@code *} has none. */
  private void project(ObjectNode req, Select s) {
    if (!s.projection().isEmpty()) {
      List<String> paths = new ArrayList<>();
      s.projection().forEach(p -> paths.add(path(p)));
      req.put("ProjectionExpression", String.join(", ", paths));
    }
  }

  private static void clause(StringBuilder u, String keyword, List<String> parts) {
    if (!parts.isEmpty()) {
      u.append(keyword).append(' ').append(String.join(", ", parts)).append(' ');
    }
  }

  private void finish(ObjectNode req) {
    if (!names.isEmpty()) {
      ObjectNode n = req.putObject("ExpressionAttributeNames");
      names.forEach((k, v) -> n.put(v, k));
    }
    if (!values.isEmpty()) {
      req.set("ExpressionAttributeValues", values);
    }
  }

  // ---- keys --------------------------------------------------------------------------------

  private static void flatten(Expr e, List<Expr> out) {
    if (e instanceof And a) {
      flatten(a.left(), out);
      flatten(a.right(), out);
    } else {
      out.add(e);
    }
  }

  /** Removes and returns the conjunct that is a key condition on {@code attr}. */
  private Optional<Expr> take(List<Expr> conjuncts, String attr, boolean sortKey) {
    for (int i = 0; i < conjuncts.size(); i++) {
      Expr c = conjuncts.get(i);
      boolean match = false;
      if (c instanceof Compare cmp) {
        boolean onLeft = isAttr(cmp.left(), attr) && isValue(cmp.right());
        boolean onRight = isAttr(cmp.right(), attr) && isValue(cmp.left());
        match = (onLeft || onRight) && (sortKey ? !cmp.op().equals("<>") : cmp.op().equals("="));
      } else if (sortKey && c instanceof Between b) {
        match = isAttr(b.value(), attr) && isValue(b.low()) && isValue(b.high());
      } else if (sortKey && c instanceof Call call && call.name().equals("begins_with")) {
        match =
            call.args().size() == 2
                && isAttr(call.args().get(0), attr)
                && isValue(call.args().get(1));
      }
      if (match) {
        conjuncts.remove(i);
        if (c instanceof Compare cmp && !isAttr(cmp.left(), attr)) {
          // a key condition names the key first: 'v' < sk is sk > 'v'
          c = new Compare(flip(cmp.op()), /* left= */ cmp.right(), /* right= */ cmp.left());
        }
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  private static String flip(String op) {
    return switch (op) {
      case "<" -> ">";
      case "<=" -> ">=";
      case ">" -> "<";
      case ">=" -> "<=";
      default -> op;
    };
  }

  private ObjectNode key(List<Expr> conjuncts, KeySchema keys) {
    ObjectNode key = JSON.objectNode();
    equality(conjuncts, keys.partitionKey(), key);
    keys.sortKey().ifPresent(sk -> equality(conjuncts, sk, key));
    return key;
  }

  private void equality(List<Expr> conjuncts, String attr, ObjectNode key) {
    for (int i = 0; i < conjuncts.size(); i++) {
      if (conjuncts.get(i) instanceof Compare c && c.op().equals("=")) {
        Expr v = isAttr(c.left(), attr) ? c.right() : isAttr(c.right(), attr) ? c.left() : null;
        if (v != null && isValue(v)) {
          key.set(attr, value(v));
          conjuncts.remove(i);
          return;
        }
      }
    }
    throw new ValidationException(
        "Where clause does not contain a mandatory equality on all key attributes");
  }

  private static boolean isAttr(Expr e, String attr) {
    return e instanceof PathRef p && p.path().isTopLevel() && p.path().first().equals(attr);
  }

  private static boolean isValue(Expr e) {
    return e instanceof Param
        || e instanceof Str
        || e instanceof Num
        || e instanceof Bool
        || e instanceof Null
        || e instanceof ListLit
        || e instanceof SetLit
        || e instanceof MapLit;
  }

  // ---- expressions -------------------------------------------------------------------------

  private String conjunction(List<Expr> conjuncts) {
    List<String> parts = new ArrayList<>();
    conjuncts.forEach(c -> parts.add(condition(c)));
    return String.join(" AND ", parts);
  }

  private String condition(Expr e) {
    if (e instanceof And a) {
      return "(" + condition(a.left()) + " AND " + condition(a.right()) + ")";
    }
    if (e instanceof Or o) {
      return "(" + condition(o.left()) + " OR " + condition(o.right()) + ")";
    }
    if (e instanceof Not n) {
      return "(NOT " + condition(n.operand()) + ")";
    }
    if (e instanceof Compare c) {
      return operand(c.left()) + " " + c.op() + " " + operand(c.right());
    }
    if (e instanceof Between b) {
      return operand(b.value()) + " BETWEEN " + operand(b.low()) + " AND " + operand(b.high());
    }
    if (e instanceof In in) {
      if (in.candidates().size() > 100) {
        throw new ValidationException("IN supports at most 100 values");
      }
      List<String> c = new ArrayList<>();
      in.candidates().forEach(x -> c.add(operand(x)));
      return operand(in.value()) + " IN (" + String.join(", ", c) + ")";
    }
    if (e instanceof IsMissing m) {
      return (m.negated() ? "attribute_exists(" : "attribute_not_exists(") + path(m.path()) + ")";
    }
    if (e instanceof Call c) {
      switch (c.name()) {
        case "exists", "missing" -> {
          if (c.args().size() != 1 || !(c.args().get(0) instanceof PathRef p)) {
            throw new ValidationException(c.name() + " takes one document path");
          }
          return (c.name().equals("exists") ? "attribute_exists(" : "attribute_not_exists(")
              + path(p.path())
              + ")";
        }
        case "begins_with", "contains", "attribute_type" -> {
          if (c.args().size() != 2) {
            throw new ValidationException(c.name() + " takes 2 arguments");
          }
          return c.name() + "(" + operand(c.args().get(0)) + ", " + operand(c.args().get(1)) + ")";
        }
        default -> throw new ValidationException("Unsupported function in condition: " + c.name());
      }
    }
    throw new ValidationException("Unsupported expression in WHERE clause: expected a condition");
  }

  private String operand(Expr e) {
    if (e instanceof PathRef p) {
      return path(p.path());
    }
    if (e instanceof Call c && c.name().equals("size")) {
      if (c.args().size() != 1 || !(c.args().get(0) instanceof PathRef p)) {
        throw new ValidationException("size takes one document path");
      }
      return "size(" + path(p.path()) + ")";
    }
    if (isValue(e)) {
      String placeholder = ":v" + values.size();
      values.set(placeholder, value(e));
      return placeholder;
    }
    throw new ValidationException(
        "Unsupported operand: expected a document path, a value or size()");
  }

  private String setValue(Expr e) {
    if (e instanceof Arith a) {
      return operand(a.left()) + " " + a.op() + " " + operand(a.right());
    }
    if (e instanceof Call c
        && (c.name().equals("list_append") || c.name().equals("if_not_exists"))) {
      if (c.args().size() != 2) {
        throw new ValidationException(c.name() + " takes 2 arguments");
      }
      return c.name() + "(" + operand(c.args().get(0)) + ", " + operand(c.args().get(1)) + ")";
    }
    return operand(e);
  }

  private String path(PartiqlAst.Path p) {
    StringBuilder b = new StringBuilder();
    for (Step s : p.steps()) {
      if (s instanceof Name n) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(name(n.name()));
      } else if (s instanceof Index i) {
        b.append('[').append(i.index()).append(']');
      }
    }
    return b.toString();
  }

  private String name(String attribute) {
    return names.computeIfAbsent(attribute, a -> "#n" + names.size());
  }

  // ---- values ------------------------------------------------------------------------------

  JsonNode value(Expr e) {
    ObjectNode v = JSON.objectNode();
    if (e instanceof Param p) {
      if (p.index() >= parameters.size()) {
        throw new ValidationException("Number of parameters in request and statement don't match.");
      }
      return parameters.get(p.index());
    } else if (e instanceof Str s) {
      v.put("S", s.value());
    } else if (e instanceof Num n) {
      v.put("N", n.value());
    } else if (e instanceof Bool b) {
      v.put("BOOL", b.value());
    } else if (e instanceof Null) {
      v.put("NULL", true);
    } else if (e instanceof ListLit l) {
      ArrayNode a = v.putArray("L");
      l.elements().forEach(x -> a.add(value(x)));
    } else if (e instanceof MapLit m) {
      ObjectNode o = v.putObject("M");
      for (Entry entry : m.entries()) {
        if (o.has(entry.key())) {
          throw new ValidationException("Duplicate key in tuple: " + entry.key());
        }
        o.set(entry.key(), value(entry.value()));
      }
    } else if (e instanceof SetLit s) {
      return set(s);
    } else {
      throw new ValidationException("Unsupported value: expected a literal or a parameter");
    }
    return v;
  }

  private JsonNode set(SetLit s) {
    if (s.elements().isEmpty()) {
      throw new ValidationException("An empty set is not a valid value");
    }
    String type = null;
    ArrayNode members = JSON.arrayNode();
    for (Expr x : s.elements()) {
      JsonNode m = value(x);
      String t = m.fieldNames().hasNext() ? m.fieldNames().next() : "";
      if (!t.equals("S") && !t.equals("N") && !t.equals("B")) {
        throw new ValidationException("Sets may only hold strings, numbers or binary values");
      }
      if (type != null && !type.equals(t)) {
        throw new ValidationException("Set members must all have the same type");
      }
      type = t;
      members.add(m.get(t));
    }
    ObjectNode v = JSON.objectNode();
    v.set(type + "S", members);
    return v;
  }
}
