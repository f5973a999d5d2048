package dev.tributary.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Tributary's engine server vs Amazon's DynamoDB Local over DynamoDB's wire protocol (issue 3).
 *
 * <p>Every server runs in its own child JVM: {@code tributary engine} with sync writes (the durable
 * default) and with {@code --no-sync}, DynamoDB Local 2.6.1 in memory and file-backed (fetched with
 * Maven into {@code --ddb-dir} when missing), and the engine's {@code FixedResponseServer}. Part
 * one drives them with the AWS SDK v2 {@link DynamoDbClient} from this JVM (4 and 16 threads; put,
 * get, query, conditional update, mixed), alternating servers for each workload so that they see
 * the same machine. Part two drives them with {@code wrk} (installed with apt-get when missing)
 * posting prepared request bodies, the same bytes to every server. Every figure comes with the
 * server process's CPU time per operation, read from {@code /proc/PID/stat}.
 *
 * <p>{@code java -cp benchmarks/target/benchmarks.jar dev.tributary.bench.WireBenchmark [--window
 * 10] [--warmup 60] [--rewarmup 20] [--wrk-seconds 20] [--wrk-rounds 1] [--wrk-pipeline 1]
 * [--threads 4,16] [--workloads put,get,...] [--servers trib-sync,ddb-mem,...] [--before-cli
 * OLD_CLI_JAR] [--before-bench-jar OLD_BENCH_JAR] [--out DIR]}: {@code --before-*} add {@code
 * trib-sync-before}, {@code trib-nosync-before} and {@code fixed-before} from an older build,
 * measured alternately with the current one; {@code --wrk-rounds} repeats the wrk alternation
 * (quote medians on a shared machine); {@code --wrk-pipeline N} has wrk pipeline N requests per
 * connection.
 */
public final class WireBenchmark {
  static final String TABLE = "Orders";
  static final int CUSTOMERS = 500;
  static final int ORDERS = 20;
  static final String[] STATUSES = {"PENDING", "SHIPPED", "PACKING"};
  static final String NOTE = "x".repeat(96);
  static final List<String> WORKLOADS = List.of("put", "get", "query", "update", "mixed");
  static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private final Map<String, String> opts;
  private final Path out;
  private final PrintStream log;
  private final AtomicLong newOrders = new AtomicLong();
  private Path dataRoot = Path.of(".");

  private WireBenchmark(Map<String, String> opts) throws IOException {
    this.opts = opts;
    this.out =
        Files.createDirectories(
            Path.of(
                    opt(
                        "out",
                        "benchmarks/results/wire-"
                            + LocalDateTime.now(ZoneId.systemDefault())
                                .format(DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm"))))
                .toAbsolutePath());
    this.log =
        new PrintStream(
            new TeeStream(System.out, Files.newOutputStream(out.resolve("summary.txt"))),
            true,
            StandardCharsets.UTF_8);
  }

  String opt(String name, String dflt) {
    return opts.getOrDefault(name, dflt);
  }

  int intOpt(String name, int dflt) {
    return Integer.parseInt(opt(name, Integer.toString(dflt)));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new HashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + args[i]);
      }
      opts.put(args[i].substring(2), args[i + 1]);
    }
    new WireBenchmark(opts).run();
    System.exit(0);
  }

  // ---------------------------------------------------------------- servers

  /** A server in a child JVM. */
  static final class Server implements AutoCloseable {
    final String name;
    final Process process;
    final int port;

    Server(String name, Process process, int port) {
      this.name = name;
      this.process = process;
      this.port = port;
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + port);
    }

    long cpuTicks() {
      try {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      process.destroy();
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  static long selfCpuTicks() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  Server start(String name, List<String> command) throws Exception {
    int port = freePort();
    List<String> cmd =
        command.stream().map(c -> c.replace("{port}", Integer.toString(port))).toList();
    log.println("# start " + name + ": " + String.join(" ", cmd));
    Process p =
        new ProcessBuilder(cmd)
            .directory(
                dataRoot
                    .toFile()) // DynamoDB Local writes a metadata file into its working directory
            .redirectErrorStream(true)
            .redirectOutput(out.resolve("server-" + name + ".log").toFile())
            .start();
    Server s = new Server(name, p, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      if (!p.isAlive()) {
        throw new IllegalStateException(
            name + " exited; see " + out.resolve("server-" + name + ".log"));
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return s;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " did not listen within 120 s");
        }
        Thread.sleep(200);
      }
    }
  }

  Path dynamoDbLocal() throws Exception {
    Path dir =
        Path.of(
            opt(
                "ddb-dir",
                System.getProperty("user.home") + "/.cache/tributary-bench/dynamodb-local-2.6.1"));
    Path lib = dir.resolve("lib");
    if (!Files.exists(lib.resolve("DynamoDBLocal-2.6.1.jar"))) {
      Files.createDirectories(lib);
      // DynamoDB Local and its dependencies (sqlite4java's native library among them), through a
      // throwaway POM that depends on it: not a project dependency.
      Path pom = dir.resolve("pom.xml");
      Files.writeString(
          pom,
          "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
              + "<groupId>bench</groupId><artifactId>dynamodb-local-fetch</artifactId><version>1</version>"
              + "<dependencies><dependency><groupId>com.amazonaws</groupId><artifactId>DynamoDBLocal</artifactId>"
              + "<version>2.6.1</version></dependency></dependencies></project>");
      exec(
          List.of(
              "mvn",
              "-q",
              "-B",
              "-f",
              pom.toString(),
              "dependency:copy-dependencies",
              "-DincludeScope=runtime",
              "-DoutputDirectory=" + lib.toAbsolutePath()));
    }
    return lib;
  }

  void exec(List<String> cmd) throws Exception {
    log.println("# " + String.join(" ", cmd));
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("failed: " + String.join(" ", cmd));
    }
  }

  // ---------------------------------------------------------------- data

  static String customer(int c) {
    return String.format(Locale.ROOT, "CUST-%06d", c);
  }

  static String order(int o) {
    return String.format(Locale.ROOT, "2025-01-%02dT00:00:00Z#%08d", 1 + o % 28, o);
  }

  static Map<String, AttributeValue> item(String c, String o, int version) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    m.put("customerId", AttributeValue.fromS(c));
    m.put("orderDate", AttributeValue.fromS(o));
    m.put("status", AttributeValue.fromS(STATUSES[version % 3]));
    m.put("total", AttributeValue.fromN("199.99"));
    m.put("version", AttributeValue.fromN(Integer.toString(version)));
    m.put("note", AttributeValue.fromS(NOTE));
    return m;
  }

  /** The same item in DynamoDB's JSON, for the wrk bodies. */
  static String itemJson(String c, String o, int version) {
    return "{\"customerId\":{\"S\":\""
        + c
        + "\"},\"orderDate\":{\"S\":\""
        + o
        + "\"},\"status\":{\"S\":\""
        + STATUSES[version % 3]
        + "\"},\"total\":{\"N\":\"199.99\"},\"version\":{\"N\":\""
        + version
        + "\"},\"note\":{\"S\":\""
        + NOTE
        + "\"}}";
  }

  static Map<String, AttributeValue> key(String c, String o) {
    return Map.of("customerId", AttributeValue.fromS(c), "orderDate", AttributeValue.fromS(o));
  }

  DynamoDbClient client(Server s, int maxConnections) {
    return DynamoDbClient.builder()
        .endpointOverride(s.endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("benchkey", "benchsecret")))
        .httpClientBuilder(
            ApacheHttpClient.builder()
                .maxConnections(maxConnections)
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofSeconds(30)))
        .overrideConfiguration(c -> c.retryStrategy(DefaultRetryStrategy.doNotRetry()))
        .build();
  }

  void prepare(Server s, DynamoDbClient db) throws Exception {
    db.createTable(
        b ->
            b.tableName(TABLE)
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("customerId")
                        .attributeType(ScalarAttributeType.S)
                        .build(),
                    AttributeDefinition.builder()
                        .attributeName("orderDate")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(
                    KeySchemaElement.builder()
                        .attributeName("customerId")
                        .keyType(KeyType.HASH)
                        .build(),
                    KeySchemaElement.builder()
                        .attributeName("orderDate")
                        .keyType(KeyType.RANGE)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST));
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<Future<?>> fs = new ArrayList<>();
    for (int c0 = 0; c0 < CUSTOMERS; c0 += 5) {
      int from = c0;
      fs.add(
          pool.submit(
              () -> {
                for (int c = from; c < from + 5; c++) {
                  List<WriteRequest> batch = new ArrayList<>();
                  for (int o = 0; o < ORDERS; o++) {
                    batch.add(
                        WriteRequest.builder()
                            .putRequest(
                                PutRequest.builder().item(item(customer(c), order(o), 0)).build())
                            .build());
                  }
                  Map<String, List<WriteRequest>> pending = Map.of(TABLE, batch);
                  while (!pending.isEmpty()) {
                    Map<String, List<WriteRequest>> send = pending;
                    BatchWriteItemResponse r = db.batchWriteItem(b -> b.requestItems(send));
                    pending =
                        r.hasUnprocessedItems() && !r.unprocessedItems().isEmpty()
                            ? r.unprocessedItems()
                            : Map.of();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
    log.printf(
        Locale.ROOT,
        "# %s: table %s with %,d items in %.1f s%n",
        s.name,
        TABLE,
        CUSTOMERS * ORDERS,
        (System.nanoTime() - t0) / 1e9);
  }

  // ---------------------------------------------------------------- SDK workloads

  void op(DynamoDbClient db, String workload) {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    String w = workload;
    if (w.equals("mixed")) {
      int x = r.nextInt(100);
      w = x < 40 ? "get" : x < 60 ? "query" : x < 85 ? "put" : "update";
    }
    String c = customer(r.nextInt(CUSTOMERS));
    switch (w) {
      case "put" ->
          db.putItem(
              b ->
                  b.tableName(TABLE)
                      .item(item(c, order(ORDERS + (int) newOrders.incrementAndGet()), 1)));
      case "get" -> db.getItem(b -> b.tableName(TABLE).key(key(c, order(r.nextInt(ORDERS)))));
      case "query" ->
          db.query(
              b ->
                  b.tableName(TABLE)
                      .keyConditionExpression("customerId = :c")
                      .expressionAttributeValues(Map.of(":c", AttributeValue.fromS(c)))
                      .limit(10));
      case "update" ->
          db.updateItem(
              b ->
                  b.tableName(TABLE)
                      .key(key(c, order(r.nextInt(ORDERS))))
                      .updateExpression("SET #s = :s, version = version + :one")
                      .conditionExpression("attribute_exists(customerId)")
                      .expressionAttributeNames(Map.of("#s", "status"))
                      .expressionAttributeValues(
                          Map.of(
                              ":s",
                              AttributeValue.fromS(STATUSES[r.nextInt(3)]),
                              ":one",
                              AttributeValue.fromN("1"))));
      default -> throw new IllegalArgumentException(w);
    }
  }

  record Result(
      String server,
      String workload,
      int threads,
      double seconds,
      long ops,
      long errors,
      Histogram latency,
      double serverCpuMsPerSec,
      double serverCpuUsPerOp,
      double clientCpuUsPerOp,
      String load) {
    double opsPerSec() {
      return ops / seconds;
    }

    double p(double pct) {
      return latency.getValueAtPercentile(pct) / 1e6;
    }
  }

  Result measure(Server s, DynamoDbClient db, String workload, int threads, int seconds)
      throws Exception {
    Recorder recorder = new Recorder(3);
    AtomicLong ops = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    AtomicLong firstError = new AtomicLong();
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> ts = new ArrayList<>();
    long[] end = new long[1];
    for (int i = 0; i < threads; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                long n = 0;
                while (System.nanoTime() < end[0]) {
                  long t0 = System.nanoTime();
                  try {
                    op(db, workload);
                    recorder.recordValue(System.nanoTime() - t0);
                    n++;
                  } catch (RuntimeException e) {
                    if (errors.incrementAndGet() == 1 && firstError.compareAndSet(0, 1)) {
                      log.println("# first error on " + s.name + " " + workload + ": " + e);
                    }
                  }
                }
                ops.addAndGet(n);
              },
              "bench-" + i);
      ts.add(t);
      t.start();
    }
    long cpu0 = s.cpuTicks();
    long self0 = selfCpuTicks();
    long t0 = System.nanoTime();
    end[0] = t0 + TimeUnit.SECONDS.toNanos(seconds);
    go.countDown();
    for (Thread t : ts) {
      t.join();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    long cpu = s.cpuTicks() - cpu0;
    long self = selfCpuTicks() - self0;
    Histogram h = recorder.getIntervalHistogram();
    long n = ops.get();
    double cpuMs = cpu * 1000.0 / TICKS_PER_SECOND;
    return new Result(
        s.name,
        workload,
        threads,
        secs,
        n,
        errors.get(),
        h,
        cpuMs / secs,
        n == 0 ? 0 : cpuMs * 1000 / n,
        n == 0 ? 0 : self * 1e6 / TICKS_PER_SECOND / n,
        load);
  }

  void print(Result r) {
    log.printf(
        Locale.ROOT,
        "%-12s %-7s %2d thr %9.0f ops/s  p50 %7.2f ms  p99 %7.2f ms  p99.9 %7.2f ms  errors %d  "
            + "server cpu %5.2f cores %7.1f us/op  client cpu %6.1f us/op  load %s%n",
        r.server,
        r.workload,
        r.threads,
        r.opsPerSec(),
        r.p(50),
        r.p(99),
        r.p(99.9),
        r.errors,
        r.serverCpuMsPerSec / 1000,
        r.serverCpuUsPerOp,
        r.clientCpuUsPerOp,
        r.load);
  }

  // ---------------------------------------------------------------- wrk

  static final String AUTH =
      "AWS4-HMAC-SHA256 Credential=benchkey/20250101/us-east-1/dynamodb/aws4_request, "
          + "SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
          + "Signature=0000000000000000000000000000000000000000000000000000000000000000";

  int wrkPipeline = 1;

  Path luaScript(String name, String target, List<String> bodies) throws IOException {
    StringBuilder b = new StringBuilder();
    b.append("-- generated by WireBenchmark: ").append(bodies.size()).append(" prepared bodies\n");
    b.append("wrk.method = \"POST\"\n");
    b.append("wrk.headers[\"Content-Type\"] = \"application/x-amz-json-1.0\"\n");
    b.append("wrk.headers[\"X-Amz-Target\"] = \"").append(target).append("\"\n");
    b.append("wrk.headers[\"X-Amz-Date\"] = \"20250101T000000Z\"\n");
    b.append("wrk.headers[\"Authorization\"] = \"").append(AUTH).append("\"\n");
    b.append("local bodies = {\n");
    for (String body : bodies) {
      b.append("[==[").append(body).append("]==],\n");
    }
    b.append("}\nlocal n = #bodies\nlocal i = 0\nlocal threads = 0\n");
    // Deterministic per thread, so every server gets the same sequence of bytes. Templates
    // (PutItem)
    // carry a %s that becomes thread number and request count: every put changes the item (the
    // engine skips an identical rewrite, so replaying fixed PutItem bodies would measure no write).
    b.append("function setup(thread) threads = threads + 1; thread:set(\"tid\", threads) end\n");
    b.append("function init(args) i = (tid or 1) * 997 % n end\n");
    b.append("local function one()\n  i = i + 1\n  local body = bodies[(i % n) + 1]\n");
    b.append(
        "  if string.find(body, \"%s\", 1, true) then body = string.format(body, tid .. string.format(\"%09d\", i)) end\n");
    b.append("  return wrk.format(nil, nil, nil, body)\nend\n");
    // --wrk-pipeline N: N requests written at once per connection (HTTP/1.1 pipelining; wrk counts
    // each response), so the load generator spends a fraction of a syscall per request.
    b.append("local depth = ").append(wrkPipeline).append("\n");
    b.append("function request()\n  if depth == 1 then return one() end\n  local r = {}\n");
    b.append("  for k = 1, depth do r[k] = one() end\n  return table.concat(r)\nend\n");
    Path p = out.resolve(name + ".lua");
    Files.writeString(p, b);
    return p;
  }

  record WrkResult(
      String server,
      String script,
      double rps,
      String p50,
      String p99,
      long non2xx,
      long errors,
      double serverCpuCores,
      double serverCpuUsPerReq,
      String load) {}

  WrkResult wrk(Server s, String scriptName, Path script, int seconds) throws Exception {
    String load = Files.readString(Path.of("/proc/loadavg")).trim();
    List<String> cmd =
        List.of(
            "wrk",
            "-t",
            "2",
            "-c",
            "32",
            "-d",
            seconds + "s",
            "--latency",
            "-s",
            script.toString(),
            s.endpoint().toString() + "/");
    long cpu0 = s.cpuTicks();
    long t0 = System.nanoTime();
    // Through a shell that reports its waited-for children's CPU: wrk's own share of the 2 cores.
    List<String> shell =
        new ArrayList<>(
            List.of(
                "bash",
                "-c",
                "\"$@\"; echo; echo \"wrk-cpu-ticks $(cut -d')' -f2 /proc/$$/stat | awk '{print $14+$15}')\"",
                "wrk"));
    shell.addAll(cmd);
    Process p = new ProcessBuilder(shell).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    double secs = (System.nanoTime() - t0) / 1e9;
    long cpu = s.cpuTicks() - cpu0;
    Files.writeString(
        out.resolve("wrk-" + s.name + "-" + scriptName + ".txt"),
        "$ " + String.join(" ", cmd) + "\n" + text,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    double rps = Double.parseDouble(find(text, "Requests/sec:\\s+([0-9.]+)", "0"));
    long total = Long.parseLong(find(text, "([0-9]+) requests in", "0"));
    long non2xx = Long.parseLong(find(text, "Non-2xx or 3xx responses: ([0-9]+)", "0"));
    String sockErr = find(text, "Socket errors: (.*)", "none");
    double cpuMs = cpu * 1000.0 / TICKS_PER_SECOND;
    double wrkCpuMs =
        Long.parseLong(find(text, "wrk-cpu-ticks ([0-9]+)", "0")) * 1000.0 / TICKS_PER_SECOND;
    WrkResult r =
        new WrkResult(
            s.name,
            scriptName,
            rps,
            find(text, "\\s50%\\s+(\\S+)", "?"),
            find(text, "\\s99%\\s+(\\S+)", "?"),
            non2xx,
            sockErr.equals("none") ? 0 : 1,
            cpuMs / secs / 1000,
            total == 0 ? 0 : cpuMs * 1000 / total,
            load);
    log.printf(
        Locale.ROOT,
        "wrk %-12s %-6s %9.0f req/s  p50 %8s  p99 %8s  non-2xx %d  socket errors %s  "
            + "server cpu %5.2f cores %6.1f us/req  wrk cpu %5.2f cores %5.1f us/req  load %s%n",
        r.server,
        r.script,
        r.rps,
        r.p50,
        r.p99,
        r.non2xx,
        sockErr,
        r.serverCpuCores,
        r.serverCpuUsPerReq,
        wrkCpuMs / secs / 1000,
        total == 0 ? 0 : wrkCpuMs * 1000 / total,
        load);
    return r;
  }

  static String find(String text, String regex, String dflt) {
    Matcher m = Pattern.compile(regex).matcher(text);
    return m.find() ? m.group(1) : dflt;
  }

  // ---------------------------------------------------------------- the run

  void run() throws Exception {
    int window = intOpt("window", 10);
    int warmup = intOpt("warmup", 60);
    int rewarmup = intOpt("rewarmup", 20);
    int wrkSeconds = intOpt("wrk-seconds", 20);
    wrkPipeline = intOpt("wrk-pipeline", 1);
    List<Integer> threadCounts =
        Stream.of(opt("threads", "4,16").split(",")).map(Integer::parseInt).toList();
    boolean sdk = !opt("sdk", "true").equals("false");
    boolean wrk = !opt("wrk", "true").equals("false");
    List<String> workloads =
        Stream.of(opt("workloads", String.join(",", WORKLOADS)).split(",")).toList();
    String cli = Path.of(opt("cli", "worker/target/tributary-cli.jar")).toAbsolutePath().toString();
    String benchJar =
        Path.of(opt("bench-jar", "benchmarks/target/benchmarks.jar")).toAbsolutePath().toString();
    Path data =
        Files.createTempDirectory(
            Path.of(opt("data", System.getProperty("java.io.tmpdir"))), "wirebench");
    dataRoot = data;
    String heap = opt("server-heap", "1g");
    log.println(
        "# WireBenchmark "
            + LocalDateTime.now(ZoneId.systemDefault())
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores, load "
            + Files.readString(Path.of("/proc/loadavg")).trim());
    log.println(
        "# window "
            + window
            + " s, warm-up "
            + warmup
            + " s (then "
            + rewarmup
            + " s per further server), wrk "
            + wrkSeconds
            + " s, threads "
            + threadCounts
            + ", data "
            + data);
    Path lib = dynamoDbLocal();
    String ddbCp = lib.toAbsolutePath() + "/*";
    String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvm = List.of(javaBin, "-Xms" + heap, "-Xmx" + heap);

    Map<String, Server> servers = Collections.synchronizedMap(new LinkedHashMap<>());
    // a harness killed by a signal still stops its servers
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> List.copyOf(servers.values()).forEach(Server::close)));
    try {
      // --servers picks which to run (default: all); --before-cli adds the same two Tributary
      // servers
      // from an older build, so a change is measured side by side with what it replaces
      List<String> only =
          Stream.of(
                  opt(
                          "servers",
                          "trib-sync,trib-nosync,trib-sync-before,trib-nosync-before,"
                              + "ddb-mem,ddb-file,fixed,fixed-before")
                      .split(","))
              .toList();
      String beforeCli =
          opts.containsKey("before-cli")
              ? Path.of(opt("before-cli", "")).toAbsolutePath().toString()
              : null;
      String beforeBenchJar =
          opts.containsKey("before-bench-jar")
              ? Path.of(opt("before-bench-jar", "")).toAbsolutePath().toString()
              : null;
      for (String[] trib :
          new String[][] {
            {"trib-sync", cli},
            {"trib-nosync", cli},
            {"trib-sync-before", beforeCli},
            {"trib-nosync-before", beforeCli}
          }) {
        if (trib[1] != null && only.contains(trib[0])) {
          List<String> args =
              new ArrayList<>(
                  List.of(
                      "-jar",
                      trib[1],
                      "engine",
                      "--port",
                      "{port}",
                      "--data-dir",
                      data.resolve(trib[0]).toString(),
                      "--allow-any-credentials"));
          if (trib[0].contains("nosync")) {
            args.add("--no-sync");
          }
          servers.put(trib[0], start(trib[0], concat(jvm, args)));
        }
      }
      if (only.contains("ddb-mem")) {
        servers.put(
            "ddb-mem",
            start(
                "ddb-mem",
                concat(
                    jvm,
                    List.of(
                        "-Djava.library.path=" + lib.toAbsolutePath(),
                        "-cp",
                        ddbCp,
                        "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
                        "-inMemory",
                        "-port",
                        "{port}"))));
      }
      if (only.contains("ddb-file")) {
        Files.createDirectories(data.resolve("ddb-file"));
        servers.put(
            "ddb-file",
            start(
                "ddb-file",
                concat(
                    jvm,
                    List.of(
                        "-Djava.library.path=" + lib.toAbsolutePath(),
                        "-cp",
                        ddbCp,
                        "com.amazonaws.services.dynamodbv2.local.main.ServerRunner",
                        "-dbPath",
                        data.resolve("ddb-file").toString(),
                        "-sharedDb",
                        "-port",
                        "{port}"))));
      }

      int maxThreads = threadCounts.stream().mapToInt(Integer::intValue).max().orElse(16);
      Map<String, DynamoDbClient> clients = new LinkedHashMap<>();
      for (Server s : servers.values()) {
        DynamoDbClient db = client(s, Math.max(64, maxThreads * 2));
        clients.put(s.name, db);
        prepare(s, db);
      }

      List<Result> results = new ArrayList<>();
      if (sdk) {
        boolean first = true;
        for (Server s : servers.values()) {
          int w = first ? warmup : rewarmup;
          first = false;
          log.println("# warm-up " + s.name + ": mixed, " + maxThreads + " threads, " + w + " s");
          print(measure(s, clients.get(s.name), "mixed", maxThreads, w));
        }
        for (int threads : threadCounts) {
          for (String workload : workloads) {
            for (Server s : servers.values()) {
              if (s.name.equals("ddb-file") && !workload.equals("put")) {
                continue; // the file-backed DynamoDB Local is measured for the put target only
              }
              Result r = measure(s, clients.get(s.name), workload, threads, window);
              print(r);
              results.add(r);
              Files.writeString(
                  out.resolve("latency-" + s.name + "-" + workload + "-" + threads + ".hgrm"),
                  hgrm(r.latency));
            }
          }
        }
        writeCsv(results);
      }

      if (wrk) {
        ensureWrk();
        List<String> gets = new ArrayList<>();
        List<String> puts = new ArrayList<>();
        Random rnd = new Random(42);
        for (int i = 0; i < 2000; i++) {
          String c = customer(rnd.nextInt(CUSTOMERS));
          String o = order(rnd.nextInt(ORDERS));
          gets.add(
              "{\"TableName\":\""
                  + TABLE
                  + "\",\"Key\":{\"customerId\":{\"S\":\""
                  + c
                  + "\"},\"orderDate\":{\"S\":\""
                  + o
                  + "\"}}}");
          // version "%s": filled in by the Lua script with a number unique to the request
          puts.add(
              "{\"TableName\":\""
                  + TABLE
                  + "\",\"Item\":"
                  + itemJson(c, o, 2)
                      .replace("\"version\":{\"N\":\"2\"}", "\"version\":{\"N\":\"%s\"}")
                  + "}");
        }
        Path get = luaScript("get", "DynamoDB_20120810.GetItem", gets);
        Path put = luaScript("put", "DynamoDB_20120810.PutItem", puts);
        Path fixedLua = luaScript("fixed", "DynamoDBStreams_20120810.GetItem", gets);
        Path body = out.resolve("fixed-body.json");
        Files.writeString(body, "{\"Item\":" + itemJson(customer(1), order(1), 0) + "}");
        List<Server> fixedServers = new ArrayList<>();
        for (String[] f : new String[][] {{"fixed", benchJar}, {"fixed-before", beforeBenchJar}}) {
          if (f[1] != null && only.contains(f[0])) {
            Server s =
                start(
                    f[0],
                    concat(
                        jvm,
                        List.of(
                            "-cp",
                            f[1],
                            fixedResponseServer(f[1]),
                            "{port}",
                            data.resolve(f[0]).toString(),
                            body.toString())));
            servers.put(f[0], s);
            fixedServers.add(s);
          }
        }
        // warm each server's JIT for the raw bodies (and check they answer 200), then measure,
        // alternating
        for (Server s : servers.values()) {
          if (!s.name.equals("ddb-file")) {
            wrk(s, "warm", fixedServers.contains(s) ? fixedLua : get, 10);
          }
        }
        List<WrkResult> wrks = new ArrayList<>();
        int wrkRounds = intOpt("wrk-rounds", 1);
        for (int round = 0; round < wrkRounds; round++) {
          for (String script : List.of("get", "put")) {
            for (Server s : servers.values()) {
              if (fixedServers.contains(s) && script.equals("put")) {
                continue;
              }
              if (s.name.equals("ddb-file") && script.equals("get")) {
                continue;
              }
              wrks.add(
                  wrk(
                      s,
                      script,
                      fixedServers.contains(s) ? fixedLua : script.equals("get") ? get : put,
                      wrkSeconds));
            }
          }
        }
        StringBuilder csv =
            new StringBuilder(
                "server,script,requests_per_s,p50,p99,non2xx,server_cpu_cores,server_cpu_us_per_req,loadavg\n");
        for (WrkResult r : wrks) {
          csv.append(
              String.format(
                  Locale.ROOT,
                  "%s,%s,%.0f,%s,%s,%d,%.2f,%.1f,%s%n",
                  r.server,
                  r.script,
                  r.rps,
                  r.p50,
                  r.p99,
                  r.non2xx,
                  r.serverCpuCores,
                  r.serverCpuUsPerReq,
                  r.load));
        }
        Files.writeString(out.resolve("wrk.csv"), csv);
      }
      for (DynamoDbClient db : clients.values()) {
        db.close();
      }
      log.println(
          "# done "
              + LocalDateTime.now(ZoneId.systemDefault())
              + ", load "
              + Files.readString(Path.of("/proc/loadavg")).trim());
    } finally {
      for (Server s : servers.values()) {
        s.close();
      }
      try (Stream<Path> walk = Files.walk(data)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  void ensureWrk() throws Exception {
    if (new ProcessBuilder("sh", "-c", "command -v wrk").start().waitFor() != 0) {
      exec(
          List.of(
              "sh", "-c", "apt-get install -y wrk || (apt-get update && apt-get install -y wrk)"));
    }
  }

  static String hgrm(Histogram h) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    h.outputPercentileDistribution(new PrintStream(bytes, true, StandardCharsets.UTF_8), 1e6);
    return bytes.toString(StandardCharsets.UTF_8);
  }

  void writeCsv(List<Result> results) throws IOException {
    String csv =
        "server,workload,threads,ops_per_s,p50_ms,p99_ms,p999_ms,errors,server_cpu_cores,server_cpu_us_per_op,"
            + "client_cpu_us_per_op,loadavg\n"
            + results.stream()
                .map(
                    r ->
                        String.format(
                            Locale.ROOT,
                            "%s,%s,%d,%.0f,%.2f,%.2f,%.2f,%d,%.2f,%.1f,%.1f,%s",
                            r.server,
                            r.workload,
                            r.threads,
                            r.opsPerSec(),
                            r.p(50),
                            r.p(99),
                            r.p(99.9),
                            r.errors,
                            r.serverCpuMsPerSec / 1000,
                            r.serverCpuUsPerOp,
                            r.clientCpuUsPerOp,
                            r.load))
                .collect(Collectors.joining("\n"))
            + "\n";
    Files.writeString(out.resolve("sdk.csv"), csv);
  }

  /**
   * The fixed-response server's main class in a benchmarks jar: it sits beside the engine's server
   * now; jars built before that (a {@code --before} jar) have it in the benchmarks' own package.
   */
  static String fixedResponseServer(String jar) {
    String current = "dev.tributary.engine.http.internal.FixedResponseServer";
    try (JarFile j = new JarFile(jar)) {
      return j.getEntry(current.replace('.', '/') + ".class") != null
          ? current
          : "dev.tributary.bench.FixedResponseServer";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Writes to two streams. */
  static final class TeeStream extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    TeeStream(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }

    @Override
    public void flush() throws IOException {
      a.flush();
      b.flush();
    }
  }
}
