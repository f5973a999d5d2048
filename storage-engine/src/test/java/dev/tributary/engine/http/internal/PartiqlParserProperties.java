package dev.tributary.engine.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.ValidationException;
import dev.tributary.engine.http.internal.PartiqlAst.Compare;
import dev.tributary.engine.http.internal.PartiqlAst.Select;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The PartiQL parser: any input is a tree or a ValidationException, never anything else. */
class PartiqlParserProperties {
  private static final List<String> PIECES =
      List.of(
          "SELECT ",
          "* ",
          "FROM ",
          "\"t\"",
          ".",
          "\"i\" ",
          "WHERE ",
          "a ",
          "= ",
          "'s' ",
          "1 ",
          "? ",
          "AND ",
          "OR ",
          "NOT ",
          "(",
          ")",
          "[",
          "]",
          "{",
          "}",
          "<<",
          ">>",
          ", ",
          ": ",
          "BETWEEN ",
          "IN ",
          "IS ",
          "MISSING ",
          "size(",
          "INSERT INTO ",
          "VALUE ",
          "UPDATE ",
          "SET ",
          "REMOVE ",
          "DELETE ",
          "RETURNING ",
          "ALL ",
          "OLD ",
          "+ ",
          "- ",
          "'",
          "\"",
          "--",
          ";",
          "1e5 ",
          "-3.5 ",
          "x[3]",
          "x.y ");

  @Provide
  Arbitrary<String> soup() {
    return Arbitraries.of(PIECES).list().ofMaxSize(40).map(l -> String.join("", l));
  }

  @Property(tries = 2000)
  void shouldParseOrRefuseWithValidationException(@ForAll("soup") String statement) {
    try {
      PartiqlParser.Parsed parsed = PartiqlParser.parse(statement);
      assertThat(parsed.statement()).isNotNull();
      assertThat(parsed.parameterCount()).isGreaterThanOrEqualTo(0);
    } catch (ValidationException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Property(tries = 500)
  void shouldRefuseArbitraryText(@ForAll String statement) {
    try {
      PartiqlParser.parse(statement);
    } catch (ValidationException e) {
      assertThat(e.getMessage()).isNotBlank();
    }
  }

  @Example
  void shouldRefuseDeepNestingWithoutOverflowingTheStack() {
    for (String open : List.of("(", "NOT ", "[", "<<", "size(", "{'a': ")) {
      String s = "SELECT * FROM t WHERE a = " + open.repeat(100_000);
      assertThatThrownBy(
              () -> PartiqlParser.parse("SELECT * FROM t WHERE " + open.repeat(1_000) + "a"))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("nested deeper than 64 levels");
      assertThatThrownBy(() -> PartiqlParser.parse(s))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("Member must have length less than or equal to 8192");
    }
  }

  @Example
  void shouldBindAndTighterThanOrAndCountParameters() {
    PartiqlParser.Parsed p =
        PartiqlParser.parse("SELECT * FROM \"t\" WHERE a = ? OR b = ? AND c = ?");
    assertThat(p.parameterCount()).isEqualTo(3);
    Select s = (Select) p.statement();
    assertThat(s.where().orElseThrow()).isInstanceOf(PartiqlAst.Or.class);
    PartiqlAst.Or or = (PartiqlAst.Or) s.where().orElseThrow();
    assertThat(or.left()).isInstanceOf(Compare.class);
    assertThat(or.right()).isInstanceOf(PartiqlAst.And.class);
  }
}
