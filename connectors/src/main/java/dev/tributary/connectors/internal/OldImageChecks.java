package dev.tributary.connectors.internal;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns, once per table, when the database will not log full old rows, so OldImage will be
 * incomplete: a Postgres table without {@code REPLICA IDENTITY FULL} (MODIFY gets no OldImage,
 * REMOVE only the key columns), or a MySQL / MariaDB server whose {@code binlog_row_image} is not
 * FULL (images would hold only some columns; Debezium's binlog connectors refuse to start then).
 * Postgres tables are checked when a table's first change arrives, the binlog server at start.
 */
public final class OldImageChecks {
  private static final Logger log = LoggerFactory.getLogger(OldImageChecks.class);

  private final DebeziumSettings settings;
  private final Set<String> checked = ConcurrentHashMap.newKeySet();
  private volatile boolean serverChecked;

  public OldImageChecks(DebeziumSettings settings) {
    this.settings = settings;
  }

  /**
   * MySQL / MariaDB: checks the server's {@code binlog_row_image} once, before the engine starts
   * (Debezium's binlog connectors refuse to run without FULL; the WARN says what to change).
   */
  public void checkServer() {
    if (settings.kind() == SourceKind.POSTGRES || serverChecked) {
      return;
    }
    serverChecked = true;
    try (Connection c = connect()) {
      checkRowImage(c);
    } catch (SQLException | RuntimeException e) {
      log.warn(
          "Could not check binlog_row_image of {}:{}: {}",
          settings.host(),
          settings.port(),
          e.toString());
    }
  }

  /** Checks {@code table} ({@code schema.table} or {@code database.table}) unless done before. */
  public void check(String table) {
    if (!checked.add(table)) {
      return;
    }
    try (Connection c = connect()) {
      if (settings.kind() == SourceKind.POSTGRES) {
        checkReplicaIdentity(c, table);
      } else if (!serverChecked) {
        serverChecked = true;
        checkRowImage(c);
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("Could not check whether {} logs full old rows: {}", table, e.toString());
    }
  }

  private void checkReplicaIdentity(Connection c, String table) throws SQLException {
    int dot = table.indexOf('.');
    String sql =
        "SELECT c.relreplident FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = ? AND c.relname = ?";
    try (PreparedStatement s = c.prepareStatement(sql)) {
      s.setString(1, table.substring(0, dot));
      s.setString(2, table.substring(dot + 1));
      try (ResultSet r = s.executeQuery()) {
        if (r.next() && !"f".equals(r.getString(1))) {
          log.warn(
              "Postgres table {} is not REPLICA IDENTITY FULL: its MODIFY events will have no OldImage"
                  + " and its REMOVE events only the key columns. Fix: ALTER TABLE {} REPLICA IDENTITY FULL;",
              table,
              table);
        }
      }
    }
  }

  private void checkRowImage(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT @@GLOBAL.binlog_row_image")) {
      if (r.next() && !"FULL".equalsIgnoreCase(r.getString(1))) {
        log.warn(
            "{} server {}:{} has binlog_row_image={}: images of database {} would miss columns, and"
                + " Debezium will not start. Fix: SET GLOBAL binlog_row_image=FULL and"
                + " binlog_row_image=FULL in the server configuration.",
            settings.kind().system(),
            settings.host(),
            settings.port(),
            r.getString(1),
            settings.database());
      }
    }
  }

  private Connection connect() throws SQLException {
    String scheme =
        switch (settings.kind()) {
          case POSTGRES -> "postgresql";
          case MYSQL -> "mysql";
          case MARIADB -> "mariadb";
        };
    String url =
        "jdbc:"
            + scheme
            + "://"
            + settings.host()
            + ":"
            + settings.port()
            + "/"
            + settings.database();
    return DriverManager.getConnection(url, settings.user(), settings.password());
  }
}
