package dev.tributary.engine.expression.internal;

import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.Placeholders;
import dev.tributary.engine.expression.ProjectionExpression;
import java.util.ArrayList;
import java.util.List;

/** ProjectionExpression: {@code path (',' path)*}, the paths disjoint. */
public final class ProjectionParser extends ParserBase {
  private ProjectionParser(String text, Placeholders placeholders) {
    super(text, ExpressionKind.PROJECTION, placeholders);
  }

  public static ProjectionExpression parse(String text, Placeholders placeholders) {
    ProjectionParser p = new ProjectionParser(text, placeholders);
    List<Path> paths = new ArrayList<>();
    paths.add(p.parsePath());
    while (p.peek().is(Token.Kind.COMMA)) {
      p.next();
      paths.add(p.parsePath());
    }
    p.checkOverlaps(paths);
    return p.finish(new ProjectionExpression(paths));
  }

  @Override
  boolean isGrammarKeyword(Token t) {
    return false;
  }
}
