package dev.tributary.connectors.internal;

import java.math.BigInteger;
import java.util.function.Function;
import org.apache.kafka.connect.data.Struct;

/** What differs between the databases Debezium reads for us. */
public enum SourceKind {
  POSTGRES(
      "postgres", "io.debezium.connector.postgresql.PostgresConnector", SourcePositions::postgres),
  MYSQL("mysql", "io.debezium.connector.mysql.MySqlConnector", SourcePositions::binlog),
  MARIADB("mariadb", "io.debezium.connector.mariadb.MariaDbConnector", SourcePositions::binlog);

  private final String system;
  private final String connectorClass;
  private final Function<Struct, BigInteger> position;

  SourceKind(String system, String connectorClass, Function<Struct, BigInteger> position) {
    this.system = system;
    this.connectorClass = connectorClass;
    this.position = position;
  }

  /** {@code postgres}, {@code mysql}, {@code mariadb}: in eventSource and eventSourceARN. */
  public String system() {
    return system;
  }

  public String connectorClass() {
    return connectorClass;
  }

  /** The event's position in the database's log, from Debezium's {@code source} block. */
  public BigInteger position(Struct source) {
    return position.apply(source);
  }

  public boolean hasSchemas() {
    return this == POSTGRES;
  }
}
