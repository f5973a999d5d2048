package dev.tributary.core.kafka.internal;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import kafka.server.BrokerServer;
import kafka.server.ControllerServer;
import kafka.server.FaultHandlerFactory;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.server.Server;
import kafka.server.SharedServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.bootstrap.BootstrapMetadata;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.raft.QuorumConfig;
import org.apache.kafka.server.ServerSocketFactory;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.server.fault.FaultHandler;
import org.apache.kafka.server.fault.FaultHandlerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.Tuple2;

/**
 * One combined broker+controller KRaft node, assembled the way {@code KafkaRaftServer} does it, but
 * with fault handlers that log instead of halting the JVM: the node lives inside the user's
 * process, which must not die because an embedded broker hit a fault.
 */
public final class KraftNode {
  private static final Logger log = LoggerFactory.getLogger(KraftNode.class);
  public static final String BROKER_LISTENER = "PLAINTEXT";
  public static final String CONTROLLER_LISTENER = "CONTROLLER";

  private final SharedServer shared;
  private final ControllerServer controller;
  private final BrokerServer broker;

  private KraftNode(SharedServer shared, ControllerServer controller, BrokerServer broker) {
    this.shared = shared;
    this.controller = controller;
    this.broker = broker;
  }

  /**
   * Writes {@code meta.properties} (cluster id, node id) and the bootstrap metadata (the metadata
   * version) into {@code logDir}, unless it is already formatted.
   */
  public static void formatIfNeeded(Path logDir, int nodeId) throws Exception {
    if (Files.exists(logDir.resolve("meta.properties"))) {
      return;
    }
    Files.createDirectories(logDir);
    Formatter formatter =
        new Formatter()
            .setNodeId(nodeId)
            .setClusterId(Uuid.randomUuid().toString())
            .addDirectory(logDir.toString())
            .setMetadataLogDirectory(logDir.toString())
            .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
            .setControllerListenerName(CONTROLLER_LISTENER)
            .setPrintStream(new PrintStream(OutputStream.nullOutputStream()));
    formatter.run();
  }

  /** Starts a node on a formatted directory; returns once the broker serves clients. */
  public static KraftNode start(Map<String, Object> props) {
    KafkaConfig config = new KafkaConfig(props, false);
    Tuple2<MetaPropertiesEnsemble, BootstrapMetadata> dirs =
        KafkaRaftServer.initializeLogDirs(config, log, "");
    MetaPropertiesEnsemble ensemble = dirs._1();
    Metrics metrics =
        Server.initializeMetrics(config, Time.SYSTEM, ensemble.clusterId().orElseThrow());
    CompletableFuture<Map<Integer, InetSocketAddress>> voters =
        CompletableFuture.completedFuture(
            QuorumConfig.parseVoterConnections(config.quorumConfig().voters()));
    SharedServer shared =
        new SharedServer(
            config,
            ensemble,
            Time.SYSTEM,
            metrics,
            voters,
            QuorumConfig.parseBootstrapServers(config.quorumConfig().bootstrapServers()),
            new LoggingFaults(),
            ServerSocketFactory.INSTANCE);
    ControllerServer controller =
        new ControllerServer(shared, KafkaRaftServer.configSchema(), dirs._2());
    BrokerServer broker = new BrokerServer(shared);
    KraftNode node = new KraftNode(shared, controller, broker);
    try {
      // Same order as KafkaRaftServer: the controller first, so the broker can register.
      controller.startup();
      broker.startup();
    } catch (RuntimeException e) {
      node.shutdown();
      throw e;
    }
    return node;
  }

  public int brokerPort() {
    return broker.boundPort(ListenerName.normalised(BROKER_LISTENER));
  }

  public String clusterId() {
    return shared.clusterId();
  }

  /** Controlled shutdown of the broker, then the controller; waits for both. */
  public void shutdown() {
    try {
      broker.shutdown();
      broker.awaitShutdown();
    } finally {
      controller.shutdown();
      controller.awaitShutdown();
    }
  }

  /** Faults are logged (and thrown to the caller inside Kafka), never turned into a JVM halt. */
  private static final class LoggingFaults implements FaultHandlerFactory {
    @Override
    public FaultHandler build(String name, boolean fatal, Runnable action) {
      return (message, cause) -> {
        log.error(
            "Embedded Kafka {} fault in {}: {}",
            fatal ? "fatal" : "non-fatal",
            name,
            message,
            cause);
        try {
          action.run();
        } catch (RuntimeException e) {
          log.warn("Embedded Kafka fault action of {} failed", name, e);
        }
        return new FaultHandlerException(name + ": " + message, cause);
      };
    }
  }
}
