package dev.tributary.core.kafka.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The configuration of a single-node embedded broker: every replication factor and ISR at 1 (so
 * transactions and consumer groups work on one node), no rebalance delay, small segments and few
 * threads (it shares the machine with the application). Ports chosen on first start are kept in the
 * data directory, so a restarted broker comes back on the same address.
 */
public final class BrokerSettings {
  public static final String HOST = "127.0.0.1";
  static final int NODE_ID = 1;
  private static final String PORTS_FILE = "embedded-kafka.properties";

  private BrokerSettings() {}

  public static Path logDir(Path dataDir) {
    return dataDir.resolve("kraft");
  }

  public static int nodeId() {
    return NODE_ID;
  }

  /**
   * Broker properties for a node whose listeners are on {@code brokerPort}/{@code controllerPort}.
   */
  public static Map<String, Object> properties(
      Path dataDir, int brokerPort, int controllerPort, Map<String, String> overrides) {
    Map<String, Object> p = new HashMap<>();
    String logDir = logDir(dataDir).toString();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        KraftNode.BROKER_LISTENER
            + "://"
            + HOST
            + ":"
            + brokerPort
            + ","
            + KraftNode.CONTROLLER_LISTENER
            + "://"
            + HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", KraftNode.BROKER_LISTENER + "://" + HOST + ":" + brokerPort);
    p.put("controller.listener.names", KraftNode.CONTROLLER_LISTENER);
    p.put("inter.broker.listener.name", KraftNode.BROKER_LISTENER);
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("log.dirs", logDir);
    p.put("metadata.log.dir", logDir);
    // One node: every internal topic has one replica, and one in-sync replica is enough.
    p.put("offsets.topic.replication.factor", "1");
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("transaction.state.log.num.partitions", "5");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("default.replication.factor", "1");
    p.put("min.insync.replicas", "1");
    p.put("num.partitions", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // The controller fences a broker whose heartbeats it has not handled for this long; on a
    // starved 2-core machine the default 9 s can pass, and fencing the only broker takes every
    // partition's leader away mid-run (NOT_LEADER_OR_FOLLOWER for every client).
    p.put("broker.session.timeout.ms", "30000");
    // Small files and few threads: tests and the worker's default mode run next to this broker.
    p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
    p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));
    p.put("offsets.topic.segment.bytes", Integer.toString(8 * 1024 * 1024));
    p.put("transaction.state.log.segment.bytes", Integer.toString(8 * 1024 * 1024));
    p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
    p.put("log.cleaner.threads", "1");
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "4");
    p.put("background.threads", "2");
    p.put("num.recovery.threads.per.data.dir", "1");
    p.put("num.replica.fetchers", "1");
    p.put("log.initial.task.delay.ms", "1000");
    p.putAll(overrides);
    return p;
  }

  /** The ports a previous start of this data directory used: {broker, controller}, or zeros. */
  public static int[] rememberedPorts(Path dataDir) {
    Path file = dataDir.resolve(PORTS_FILE);
    if (!Files.exists(file)) {
      return new int[] {0, 0};
    }
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      props.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
    return new int[] {
      Integer.parseInt(props.getProperty("broker.port", "0")),
      Integer.parseInt(props.getProperty("controller.port", "0"))
    };
  }

  public static void rememberPorts(Path dataDir, int brokerPort, int controllerPort) {
    Properties props = new Properties();
    props.setProperty("broker.port", Integer.toString(brokerPort));
    props.setProperty("controller.port", Integer.toString(controllerPort));
    try (OutputStream out = Files.newOutputStream(dataDir.resolve(PORTS_FILE))) {
      props.store(out, "Ports of the embedded Kafka broker; reused on restart when free");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write ports of " + dataDir, e);
    }
  }

  /** {@code preferred} if it can be bound now, else a free ephemeral port. */
  public static int portOrFree(int preferred) {
    if (preferred > 0 && canBind(preferred)) {
      return preferred;
    }
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + HOST, e);
    }
  }

  public static boolean canBind(int port) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByName(HOST), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
