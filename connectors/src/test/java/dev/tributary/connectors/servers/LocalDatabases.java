package dev.tributary.connectors.servers;

import dev.tributary.local.LocalMariaDb;
import dev.tributary.local.LocalPostgres;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects the JVM's shared {@link LocalPostgres} / {@link LocalMariaDb} (started on first use) into
 * test methods that take one.
 */
public final class LocalDatabases implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
    Class<?> type = p.getParameter().getType();
    return type == LocalPostgres.class || type == LocalMariaDb.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext e) {
    return p.getParameter().getType() == LocalPostgres.class
        ? LocalPostgres.shared()
        : LocalMariaDb.shared();
  }
}
