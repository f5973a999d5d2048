package dev.tributary.local;

import dev.tributary.core.SettingChecks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings {@link LocalPostgres.Builder} and {@link LocalMariaDb.Builder} share; each setter
 * rejects a bad value at once.
 */
abstract class DatabaseBuilder<B extends DatabaseBuilder<B>> {
  Path run;
  int port;
  Duration startTimeout = Duration.ofMinutes(2);

  DatabaseBuilder(Path defaultRun) {
    this.run = defaultRun;
  }

  abstract B self();

  /** Where the data, socket and logs go; emptied at start (default {@code target/<server>-run}). */
  public B runDirectory(Path run) {
    this.run = Objects.requireNonNull(run, "run");
    return self();
  }

  /** The port to listen on; 0 (the default) picks a free one. */
  public B port(int port) {
    this.port = SettingChecks.listenPort(port, "port");
    return self();
  }

  /** How long the server may take to accept connections (default 2 minutes). */
  public B startTimeout(Duration timeout) {
    this.startTimeout =
        SettingChecks.positive(Objects.requireNonNull(timeout, "timeout"), "startTimeout");
    return self();
  }
}
