package dev.tributary.worker.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the worker process runs.
 *
 * @param id this process among those running the same configuration (runner id); empty: random
 * @param stateDir the topologies' local state; processes on one machine need different ones
 * @param shutdownTimeout how long a graceful stop may take before the process exits anyway
 * @param staticMembership rejoin consumer groups under {@code id} after a restart
 * @param httpHost address of the health and metrics server
 * @param httpPort its port; 0 picks a free one; -1 turns it off
 * @param logFormat {@code text} or {@code json} (one JSON object per line)
 * @param logLevel the level of Tributary's own loggers
 * @param lagInterval how often lag gauges are refreshed
 * @param consoleEnabled whether the HTTP server serves the web console under {@code /console}
 * @param consoleToken the token the console's actions (redrive, replay) require; empty: the console
 *     only shows
 * @param consoleAllowedHosts names the console answers to besides its defaults ({@code localhost},
 *     IP addresses, the bound name, the machine's names); {@code ["*"]}: any
 * @param consoleTokenForReads whether reading the console needs {@code consoleToken} too
 */
public record WorkerSettings(
    Optional<String> id,
    Path stateDir,
    Duration shutdownTimeout,
    boolean staticMembership,
    String httpHost,
    int httpPort,
    String logFormat,
    String logLevel,
    Duration lagInterval,
    boolean consoleEnabled,
    Optional<String> consoleToken,
    List<String> consoleAllowedHosts,
    boolean consoleTokenForReads) {
  public WorkerSettings {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    Objects.requireNonNull(httpHost, "httpHost");
    Objects.requireNonNull(logFormat, "logFormat");
    Objects.requireNonNull(logLevel, "logLevel");
    Objects.requireNonNull(lagInterval, "lagInterval");
    Objects.requireNonNull(consoleToken, "consoleToken");
    consoleAllowedHosts = List.copyOf(consoleAllowedHosts);
  }

  /** As the record's, with the console token masked: settings get logged. */
  @Override
  public String toString() {
    return "WorkerSettings[id="
        + id
        + ", stateDir="
        + stateDir
        + ", shutdownTimeout="
        + shutdownTimeout
        + ", staticMembership="
        + staticMembership
        + ", httpHost="
        + httpHost
        + ", httpPort="
        + httpPort
        + ", logFormat="
        + logFormat
        + ", logLevel="
        + logLevel
        + ", lagInterval="
        + lagInterval
        + ", consoleEnabled="
        + consoleEnabled
        + ", consoleToken="
        + consoleToken.map(t -> "***")
        + ", consoleAllowedHosts="
        + consoleAllowedHosts
        + ", consoleTokenForReads="
        + consoleTokenForReads
        + "]";
  }
}
