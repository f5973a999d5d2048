package dev.tributary.engine.http.internal;

import java.util.List;
import java.util.Optional;

/**
 * The immutable tree of one PartiQL-for-DynamoDB statement, as {@link PartiqlParser} reads it.
 * Strings exist only in the parser; {@link PartiqlTranslator} turns the tree into the equivalent
 * DynamoDB request.
 */
final class PartiqlAst {
  private PartiqlAst() {}

  /** One statement. */
  sealed interface Statement permits Select, Insert, Update, Delete {
    String table();
  }

  /** {@code SELECT projection FROM "table"[."index"] [WHERE cond]}; an empty projection is *. */
  record Select(List<Path> projection, String table, Optional<String> index, Optional<Expr> where)
      implements Statement {}

  /** {@code INSERT INTO "table" VALUE {...}}. */
  record Insert(String table, Expr item) implements Statement {}

  /**
   * {@code UPDATE "table" SET ... REMOVE ... WHERE cond [RETURNING ...]}; {@code returning} is the
   * equivalent ReturnValues (ALL_OLD, ALL_NEW, UPDATED_OLD, UPDATED_NEW).
   */
  record Update(String table, List<Action> actions, Expr where, Optional<String> returning)
      implements Statement {}

  /** {@code DELETE FROM "table" WHERE cond [RETURNING ALL OLD *]}. */
  record Delete(String table, Expr where, Optional<String> returning) implements Statement {}

  /** One clause of an UPDATE. */
  sealed interface Action permits SetAction, RemoveAction {}

  record SetAction(Path path, Expr value) implements Action {}

  record RemoveAction(Path path) implements Action {}

  /** A document path: a top-level name followed by map keys and list indexes. */
  record Path(List<Step> steps) {
    String first() {
      return ((Name) steps.get(0)).name();
    }

    boolean isTopLevel() {
      return steps.size() == 1;
    }
  }

  sealed interface Step permits Name, Index {}

  record Name(String name) implements Step {}

  record Index(int index) implements Step {}

  /** An expression of a WHERE clause, a SET value or a VALUE literal. */
  sealed interface Expr
      permits PathRef,
          Param,
          Str,
          Num,
          Bool,
          Null,
          ListLit,
          SetLit,
          MapLit,
          Compare,
          Between,
          In,
          And,
          Or,
          Not,
          Call,
          IsMissing,
          Arith {}

  record PathRef(Path path) implements Expr {}

  /** The {@code index}-th {@code ?} of the statement, counted from 0. */
  record Param(int index) implements Expr {}

  record Str(String value) implements Expr {}

  record Num(String value) implements Expr {}

  record Bool(boolean value) implements Expr {}

  record Null() implements Expr {}

  record ListLit(List<Expr> elements) implements Expr {}

  record SetLit(List<Expr> elements) implements Expr {}

  record MapLit(List<Entry> entries) implements Expr {}

  record Entry(String key, Expr value) {}

  /** {@code =, <>, <, <=, >, >=}. */
  record Compare(String op, Expr left, Expr right) implements Expr {}

  record Between(Expr value, Expr low, Expr high) implements Expr {}

  record In(Expr value, List<Expr> candidates) implements Expr {}

  record And(Expr left, Expr right) implements Expr {}

  record Or(Expr left, Expr right) implements Expr {}

  record Not(Expr operand) implements Expr {}

  /**
   * A function call, name lower-cased: exists, missing, begins_with, contains, size, ... {@code at}
   * and {@code firstArgAt} place the name and the first argument in the statement as DynamoDB's
   * messages do ({@code line:column:length}), or are empty.
   */
  record Call(String name, List<Expr> args, String at, String firstArgAt) implements Expr {
    Call(String name, List<Expr> args) {
      this(name, args, "", "");
    }
  }

  /** {@code path IS [NOT] MISSING}. */
  record IsMissing(Path path, boolean negated) implements Expr {}

  /** {@code left + right} or {@code left - right} in a SET value. */
  record Arith(char op, Expr left, Expr right) implements Expr {}
}
