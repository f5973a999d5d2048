package dev.tributary.engine.expression;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any tree prints to a string and placeholders that parse back to an equal tree. */
class RoundTripProperties {

  @Property(tries = 300)
  void conditionsPrintAndParseBackEqual(@ForAll("conditions") Condition condition) {
    PrintedExpression printed = ExpressionPrinter.print(condition);
    Placeholders p = printed.placeholders();
    assertThat(ExpressionParser.condition(printed.expression(), p)).isEqualTo(condition);
    p.requireAllUsed();
  }

  @Property(tries = 200)
  void updatesPrintAndParseBackEqual(@ForAll("updates") UpdateExpression update) {
    PrintedExpression printed = ExpressionPrinter.print(update);
    Placeholders p = printed.placeholders();
    assertThat(ExpressionParser.update(printed.expression(), p)).isEqualTo(update);
    p.requireAllUsed();
  }

  @Property(tries = 200)
  void keyConditionsPrintAndParseBackEqual(@ForAll("keyConditions") KeyCondition key) {
    PrintedExpression printed = ExpressionPrinter.print(key);
    assertThat(ExpressionParser.keyCondition(printed.expression(), printed.placeholders()))
        .isEqualTo(key);
  }

  @Property(tries = 200)
  void projectionsPrintAndParseBackEqual(@ForAll("projections") ProjectionExpression projection) {
    PrintedExpression printed = ExpressionPrinter.print(projection);
    assertThat(ExpressionParser.projection(printed.expression(), printed.placeholders()))
        .isEqualTo(projection);
  }

  // ---- generators --------------------------------------------------------------------------

  private static Arbitrary<String> names() {
    // Reserved words and odd characters are fine: the printer uses #n placeholders.
    return Arbitraries.of("a", "status", "name", "b.c", "x y", "Ünïcode", "size", "AND");
  }

  private static Arbitrary<Path> paths() {
    Arbitrary<PathElement> step =
        Arbitraries.oneOf(
            names().map(PathElement.Name::new),
            Arbitraries.integers().between(0, 20).map(PathElement.Index::new));
    return Combinators.combine(names(), step.list().ofMaxSize(3))
        .as(
            (first, rest) -> {
              List<PathElement> all = new ArrayList<>();
              all.add(new PathElement.Name(first));
              all.addAll(rest);
              return new Path(all);
            });
  }

  private static Arbitrary<AttributeValue> scalars() {
    return Arbitraries.oneOf(
        Arbitraries.strings().ofMaxLength(5).map(AttributeValue::s),
        Arbitraries.integers().map(AttributeValue::n),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(3).map(AttributeValue::b),
        Arbitraries.of(AttributeValue.bool(true), AttributeValue.nul()));
  }

  private static Arbitrary<AttributeValue> values() {
    return Arbitraries.oneOf(
        scalars(),
        scalars().list().ofMaxSize(3).map(AttributeValue::l),
        Arbitraries.strings()
            .ofMinLength(1)
            .ofMaxLength(3)
            .set()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(AttributeValue::ss));
  }

  private static Arbitrary<Operand.Literal> literals() {
    return values().map(Operand.Literal::new);
  }

  private static Arbitrary<Operand.Literal> numbers() {
    return Arbitraries.integers().map(i -> new Operand.Literal(AttributeValue.n(i)));
  }

  @Provide
  Arbitrary<Condition> conditions() {
    return Arbitraries.recursive(this::leafConditions, this::compound, 0, 3);
  }

  private Arbitrary<Condition> compound(Arbitrary<Condition> inner) {
    return Arbitraries.oneOf(
        Combinators.combine(inner, inner).as(Condition.And::new),
        Combinators.combine(inner, inner).as(Condition.Or::new),
        inner.map(Condition.Not::new));
  }

  /** An ordering comparison takes a string, number or binary value (DynamoDB refuses others). */
  private static boolean parsable(Condition.Comparison c) {
    if (c.op() == Comparator.EQ || c.op() == Comparator.NE) {
      return true;
    }
    AttributeValue.Type t = ((Operand.Literal) c.right()).value().type();
    return t == AttributeValue.Type.S || t == AttributeValue.Type.N || t == AttributeValue.Type.B;
  }

  private Arbitrary<Condition> leafConditions() {
    Arbitrary<Comparator> ops = Arbitraries.of(Comparator.class);
    Arbitrary<Operand> left =
        Arbitraries.oneOf(paths().map(p -> (Operand) p), paths().map(Operand.Size::new));
    Arbitrary<Condition> between =
        Combinators.combine(paths(), Arbitraries.integers(), Arbitraries.integers())
            .as(
                (p, x, y) ->
                    new Condition.Between(
                        p,
                        new Operand.Literal(AttributeValue.n(Math.min(x, y))),
                        new Operand.Literal(AttributeValue.n(Math.max(x, y)))));
    Arbitrary<Condition> type =
        Combinators.combine(paths(), Arbitraries.of(AttributeValue.Type.class))
            .as(
                (p, t) ->
                    Conditions.attributeType("x", t) instanceof Condition.AttributeType at
                        ? new Condition.AttributeType(p, at.type())
                        : null);
    return Arbitraries.oneOf(
        Combinators.combine(ops, left, literals())
            .as(Condition.Comparison::new)
            .filter(RoundTripProperties::parsable),
        between,
        Combinators.combine(paths(), literals().list().ofMinSize(1).ofMaxSize(4))
            .as((p, c) -> new Condition.In(p, new ArrayList<>(c))),
        paths().map(Condition.AttributeExists::new),
        paths().map(Condition.AttributeNotExists::new),
        type,
        Combinators.combine(paths(), Arbitraries.strings().ofMaxLength(4))
            .as((p, s) -> new Condition.BeginsWith(p, new Operand.Literal(AttributeValue.s(s)))),
        Combinators.combine(paths(), literals()).as(Condition.Contains::new));
  }

  @Provide
  Arbitrary<UpdateExpression> updates() {
    Arbitrary<Operand> term =
        Arbitraries.oneOf(
            literals().map(l -> (Operand) l),
            paths().map(p -> (Operand) p),
            Combinators.combine(paths(), literals()).as(Operand.IfNotExists::new),
            Combinators.combine(
                    paths(), literals().map(l -> new Operand.Literal(AttributeValue.l(l.value()))))
                .as(Operand.ListAppend::new));
    Arbitrary<Operand> setValue =
        Arbitraries.oneOf(
            term,
            Combinators.combine(paths(), numbers()).as(Operand.Plus::new),
            Combinators.combine(numbers(), paths()).as(Operand.Minus::new));
    Arbitrary<Integer> counts = Arbitraries.integers().between(0, 3);
    return Combinators.combine(
            setValue.list().ofMaxSize(3), counts, numbers().list().ofMaxSize(2), counts)
        .as(
            (setValues, removes, adds, deletes) -> {
              List<UpdateExpression.SetAction> sets = new ArrayList<>();
              for (int i = 0; i < setValues.size(); i++) {
                sets.add(
                    new UpdateExpression.SetAction(Path.of("s" + i).index(i), setValues.get(i)));
              }
              List<UpdateExpression.RemoveAction> rs = new ArrayList<>();
              for (int i = 0; i < removes; i++) {
                rs.add(new UpdateExpression.RemoveAction(Path.of("r").index(i)));
              }
              List<UpdateExpression.AddAction> as = new ArrayList<>();
              for (int i = 0; i < adds.size(); i++) {
                as.add(new UpdateExpression.AddAction(Path.of("a" + i), adds.get(i)));
              }
              List<UpdateExpression.DeleteAction> ds = new ArrayList<>();
              for (int i = 0; i < deletes; i++) {
                ds.add(
                    new UpdateExpression.DeleteAction(
                        Path.of("d").child("k" + i),
                        new Operand.Literal(AttributeValue.ss("x" + i))));
              }
              if (sets.isEmpty() && rs.isEmpty() && as.isEmpty() && ds.isEmpty()) {
                rs.add(new UpdateExpression.RemoveAction(Path.of("only")));
              }
              return new UpdateExpression(sets, rs, as, ds);
            });
  }

  @Provide
  Arbitrary<KeyCondition> keyConditions() {
    Arbitrary<AttributeValue> keyValues =
        Arbitraries.oneOf(
            Arbitraries.strings().ofMaxLength(4).map(AttributeValue::s),
            Arbitraries.integers().map(AttributeValue::n));
    Arbitrary<KeyTerm> sortTerm =
        Combinators.combine(Arbitraries.of(KeyOperator.class), keyValues, keyValues)
            .as(
                (op, x, y) ->
                    new KeyTerm("sk", op, op == KeyOperator.BETWEEN ? List.of(x, y) : List.of(x)));
    return Combinators.combine(names(), keyValues, sortTerm.optional())
        .as(
            (name, v, sort) -> {
              KeyCondition k = KeyConditions.partition(name).eq(v);
              return sort.isPresent() && !name.equals("sk") ? k.and(sort.get()) : k;
            });
  }

  @Provide
  Arbitrary<ProjectionExpression> projections() {
    return paths()
        .list()
        .ofMinSize(1)
        .ofMaxSize(4)
        .map(
            ps -> {
              List<Path> distinct = new ArrayList<>();
              for (int i = 0; i < ps.size(); i++) {
                // distinct top-level names keep the paths disjoint, as DynamoDB requires
                List<PathElement> e = new ArrayList<>(ps.get(i).elements());
                e.set(0, new PathElement.Name("p" + i));
                distinct.add(new Path(e));
              }
              return new ProjectionExpression(distinct);
            });
  }
}
