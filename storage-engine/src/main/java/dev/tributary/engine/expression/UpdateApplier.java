package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import dev.tributary.core.InvalidAttributeValueException;
import dev.tributary.core.Numbers;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.internal.Documents;
import dev.tributary.engine.expression.internal.Values;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Applies an update expression to an item as DynamoDB does: every operand reads the item as it was
 * before the update, so list indexes in all actions refer to the original positions (several
 * REMOVEs on one list remove the elements they name, highest first).
 */
public final class UpdateApplier {
  private static final String WRONG_TYPE =
      "An operand in the update expression has an incorrect data type";
  private static final String MISSING =
      "The provided expression refers to an attribute that does not exist in the item";

  private UpdateApplier() {}

  /**
   * The updated item; {@code item} itself is not modified (pass an empty map for a new item).
   *
   * @throws ValidationException in DynamoDB's words when an action cannot be applied
   */
  public static UpdateResult apply(UpdateExpression update, Map<String, AttributeValue> item) {
    Objects.requireNonNull(update, "update");
    Objects.requireNonNull(item, "item");
    List<AttributeValue> setValues = new ArrayList<>(update.sets().size());
    for (UpdateExpression.SetAction set : update.sets()) {
      setValues.add(evaluate(set.value(), item));
    }
    Map<String, AttributeValue> out = new LinkedHashMap<>(item);
    // SET paths never overlap; taken in path order, elements set past a list's end are appended
    // by element number, as DynamoDB documents
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < setValues.size(); i++) {
      order.add(i);
    }
    order.sort(
        (x, y) -> compareDescending(update.sets().get(y).path(), update.sets().get(x).path()));
    for (int i : order) {
      Documents.set(out, update.sets().get(i).path(), setValues.get(i));
    }
    for (UpdateExpression.AddAction add : update.adds()) {
      add(out, add.path(), add.value().value());
    }
    for (UpdateExpression.DeleteAction delete : update.deletes()) {
      delete(out, delete.path(), delete.value().value());
    }
    List<Path> removes = new ArrayList<>();
    update.removes().forEach(r -> removes.add(r.path()));
    removes.sort(UpdateApplier::compareDescending);
    for (Path p : removes) {
      Documents.remove(out, p);
    }
    return new UpdateResult(out, update.targetPaths());
  }

  /** Paths in descending order, indexes numerically, so later list elements go first. */
  private static int compareDescending(Path a, Path b) {
    int n = Math.min(a.depth(), b.depth());
    for (int i = 0; i < n; i++) {
      PathElement x = a.element(i);
      PathElement y = b.element(i);
      int c;
      if (x instanceof PathElement.Index xi && y instanceof PathElement.Index yi) {
        c = Integer.compare(xi.index(), yi.index());
      } else {
        c = x.toString().compareTo(y.toString());
      }
      if (c != 0) {
        return -c;
      }
    }
    return -Integer.compare(a.depth(), b.depth());
  }

  private static AttributeValue evaluate(Operand operand, Map<String, AttributeValue> item) {
    if (operand instanceof Operand.Literal lit) {
      return lit.value();
    } else if (operand instanceof Path p) {
      return Documents.get(item, p).orElseThrow(() -> new ValidationException(MISSING));
    } else if (operand instanceof Operand.IfNotExists ine) {
      return Documents.get(item, ine.path()).orElseGet(() -> evaluate(ine.fallback(), item));
    } else if (operand instanceof Operand.ListAppend la) {
      AttributeValue a = evaluate(la.first(), item);
      AttributeValue b = evaluate(la.second(), item);
      if (!(a instanceof AttributeValue.L x) || !(b instanceof AttributeValue.L y)) {
        throw new ValidationException(WRONG_TYPE);
      }
      List<AttributeValue> joined = new ArrayList<>(x.value().size() + y.value().size());
      joined.addAll(x.value());
      joined.addAll(y.value());
      return AttributeValue.l(joined);
    } else if (operand instanceof Operand.Plus plus) {
      return arithmetic(evaluate(plus.left(), item), evaluate(plus.right(), item), false);
    } else if (operand instanceof Operand.Minus minus) {
      return arithmetic(evaluate(minus.left(), item), evaluate(minus.right(), item), true);
    }
    throw new ValidationException(WRONG_TYPE); // size() has no meaning in an update
  }

  private static AttributeValue arithmetic(AttributeValue a, AttributeValue b, boolean minus) {
    if (!(a instanceof AttributeValue.N x) || !(b instanceof AttributeValue.N y)) {
      throw new ValidationException(WRONG_TYPE);
    }
    BigDecimal sum = minus ? x.value().subtract(y.value()) : x.value().add(y.value());
    if (sum.signum() != 0 && sum.stripTrailingZeros().precision() > Numbers.MAX_DIGITS) {
      // DynamoDB names an inexact sum (1e50 + 1) an overflow, not a precision error
      throw new ValidationException(
          "Number overflow. Attempting to store a number with magnitude larger than supported range");
    }
    return number(sum);
  }

  /** A computed number, range- and precision-checked with DynamoDB's messages. */
  private static AttributeValue number(BigDecimal value) {
    try {
      return AttributeValue.n(Numbers.normalize(value));
    } catch (InvalidAttributeValueException e) {
      throw new ValidationException(e.getMessage());
    }
  }

  private static void add(Map<String, AttributeValue> item, Path path, AttributeValue value) {
    AttributeValue.Type type = value.type();
    if (type != AttributeValue.Type.N && !type.isSet()) {
      throw new ValidationException(
          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator:"
              + " ADD, operand type: "
              + Values.longTypeName(type));
    }
    AttributeValue existing = Documents.get(item, path).orElse(null);
    AttributeValue result;
    if (existing == null) {
      result = value;
    } else if (existing instanceof AttributeValue.N x && value instanceof AttributeValue.N y) {
      result = number(x.value().add(y.value()));
    } else if (existing.type() == type && type.isSet()) {
      result = setOf(type, union(members(existing), members(value)));
    } else {
      throw new ValidationException(WRONG_TYPE);
    }
    Documents.set(item, path, result);
  }

  private static void delete(Map<String, AttributeValue> item, Path path, AttributeValue value) {
    AttributeValue.Type type = value.type();
    if (!type.isSet()) {
      throw new ValidationException(
          "Invalid UpdateExpression: Incorrect operand type for operator or function; operator:"
              + " DELETE, operand type: "
              + Values.longTypeName(type));
    }
    AttributeValue existing = Documents.get(item, path).orElse(null);
    if (existing == null) {
      return;
    }
    if (existing.type() != type) {
      throw new ValidationException(WRONG_TYPE);
    }
    Set<Object> left = new LinkedHashSet<>(members(existing));
    left.removeAll(members(value));
    if (left.isEmpty()) {
      Documents.remove(item, path);
    } else {
      Documents.set(item, path, setOf(type, left));
    }
  }

  private static Collection<?> members(AttributeValue set) {
    if (set instanceof AttributeValue.SS ss) {
      return ss.value();
    } else if (set instanceof AttributeValue.NS ns) {
      return ns.value();
    } else if (set instanceof AttributeValue.BS bs) {
      return bs.value();
    }
    throw new IllegalArgumentException("not a set: " + set);
  }

  private static Set<Object> union(Collection<?> a, Collection<?> b) {
    Set<Object> out = new LinkedHashSet<>(a);
    out.addAll(b);
    return out;
  }

  @SuppressWarnings("unchecked") // members() of a set of this type hold exactly this element type
  private static AttributeValue setOf(AttributeValue.Type type, Set<?> members) {
    switch (type) {
      case SS:
        return new AttributeValue.SS((Set<String>) members);
      case NS:
        return new AttributeValue.NS((Set<BigDecimal>) members);
      case BS:
        return new AttributeValue.BS((Set<Bytes>) members);
      default:
        throw new IllegalArgumentException(type.name());
    }
  }
}
