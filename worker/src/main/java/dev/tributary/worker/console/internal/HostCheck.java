package dev.tributary.worker.console.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which {@code Host} names the console answers to, against DNS rebinding: a page on an attacker's
 * domain whose name is made to resolve to this machine is same-origin with itself, so the browser
 * lets it read what the console answers; but it sends its own domain in {@code Host}, which is
 * refused here.
 *
 * <p>Allowed: {@code localhost}; every IP literal ({@code 127.0.0.1}, {@code [::1]}, the address a
 * scraper or an operator types), since a rebinding page always names a domain; the bound address
 * when it is a name; when bound to a non-loopback address, the machine's own host names; and the
 * names configured in {@code worker.console.allowed-hosts}, where {@code .example.com} also allows
 * every name below it. Any port. {@code *} alone turns the check off.
 */
public final class HostCheck {
  /** The configured value that turns the check off. */
  public static final String ANY = "*";

  /** How many refused host names are logged; past that, a flood of made-up names is not. */
  static final int LOGGED_NAMES = 64;

  private static final Pattern HOST_HEADER =
      Pattern.compile("(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9._-]+)(:[0-9]{1,5})?");
  private static final Pattern NAME = Pattern.compile("[a-z0-9_-]+(\\.[a-z0-9_-]+)*");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
              + "(\\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}");

  private final boolean off;
  private final Set<String> names;
  private final List<String> domains;
  private final Set<String> refusedNames = ConcurrentHashMap.newKeySet();

  private HostCheck(boolean off, Set<String> names, List<String> domains) {
    this.off = off;
    this.names = Collections.unmodifiableSet(new LinkedHashSet<>(names));
    this.domains = List.copyOf(domains);
  }

  /**
   * The check for a console bound to {@code boundHost} with the configured {@code allowedHosts}
   * (each as {@link #entry} accepts it); looks up the machine's host names when {@code boundHost}
   * is not a loopback address.
   */
  public static HostCheck of(String boundHost, List<String> allowedHosts) {
    Objects.requireNonNull(boundHost, "boundHost");
    return of(boundHost, allowedHosts, loopback(boundHost) ? List.of() : machineNames());
  }

  /** As {@link #of(String, List)}, with the machine's host names given. */
  static HostCheck of(String boundHost, List<String> allowedHosts, List<String> machineNames) {
    Objects.requireNonNull(allowedHosts, "allowedHosts");
    if (allowedHosts.contains(ANY)) {
      if (allowedHosts.size() > 1) {
        throw new IllegalArgumentException(
            "'*' turns the Host check off and stands alone, was " + allowedHosts);
      }
      return new HostCheck(true, Set.of(), List.of());
    }
    Set<String> names = new LinkedHashSet<>();
    List<String> domains = new ArrayList<>();
    names.add("localhost");
    Optional.ofNullable(bare(boundHost.toLowerCase(Locale.ROOT)))
        .filter(h -> NAME.matcher(h).matches())
        .filter(h -> !ip(h))
        .ifPresent(names::add);
    for (String m : machineNames) {
      String n = bare(m.toLowerCase(Locale.ROOT));
      if (n != null && NAME.matcher(n).matches() && !ip(n)) {
        names.add(n);
      }
    }
    for (String a : allowedHosts) {
      String e = entry(a);
      if (e.startsWith(".")) {
        domains.add(e);
      } else {
        names.add(e);
      }
    }
    return new HostCheck(false, names, domains);
  }

  /**
   * One configured name, lower-cased: a host name ({@code console.example.com}) or a domain with
   * every name below it ({@code .example.com}), without scheme, port or path.
   *
   * @throws IllegalArgumentException naming the entry when it is none of these
   */
  public static String entry(String entry) {
    Objects.requireNonNull(entry, "entry");
    if (entry.equals(ANY)) {
      return entry;
    }
    String e = entry.toLowerCase(Locale.ROOT);
    String name = e.startsWith(".") ? e.substring(1) : e;
    if (name.endsWith(".")) {
      name = name.substring(0, name.length() - 1);
    }
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "'"
              + entry
              + "' is not a host name: write the name only (console.example.com,"
              + " or .example.com for every name below it), without scheme, port or path; '*' turns the check off");
    }
    if (e.startsWith(".") && !name.contains(".")) {
      throw new IllegalArgumentException(
          "'"
              + entry
              + "' would allow every name of a top-level domain, which anyone"
              + " can register and point at this machine; name your own domain (.example.com)");
    }
    return e.startsWith(".") ? "." + name : name;
  }

  /** Whether the check is off ({@code allowed-hosts: ['*']}). */
  public boolean off() {
    return off;
  }

  /** The names allowed besides IP literals, for messages. */
  public String describe() {
    if (off) {
      return "any (the check is off)";
    }
    List<String> all = new ArrayList<>(names);
    all.addAll(domains);
    return String.join(", ", all) + " and any IP address";
  }

  /** Why a request with this {@code Host} header is refused, or empty when it is allowed. */
  Optional<String> refuse(Optional<String> hostHeader) {
    if (off) {
      return Optional.empty();
    }
    if (hostHeader.isEmpty() || hostHeader.get().isBlank()) {
      return Optional.of(
          "the request has no Host header; this console answers only requests naming it");
    }
    String name = hostName(hostHeader.get()).orElse(null);
    if (name != null && allowed(name)) {
      return Optional.empty();
    }
    return Optional.of(
        "Host '"
            + printable(hostHeader.get())
            + "' is not a name this console answers to"
            + " (DNS rebinding protection); to reach it under that name, add it to worker.console.allowed-hosts");
  }

  /**
   * Why a request with this {@code Host} header ("" when none) is refused, or empty when it is
   * allowed.
   */
  public Optional<String> refusal(String hostHeader) {
    return refuse(Optional.ofNullable(hostHeader).filter(h -> !h.isBlank()));
  }

  /**
   * True the first time a request with {@code hostHeader} is refused, for the first {@value
   * #LOGGED_NAMES} names: the caller logs then.
   */
  public boolean firstRefusal(String hostHeader) {
    String key = hostName(hostHeader).orElse(hostHeader.toLowerCase(Locale.ROOT));
    return refusedNames.size() < LOGGED_NAMES && refusedNames.add(key);
  }

  private boolean allowed(String name) {
    if (name.startsWith("[") || ip(name) || names.contains(name)) {
      return true;
    }
    for (String d : domains) {
      if (name.endsWith(d) || name.equals(d.substring(1))) {
        return true;
      }
    }
    return false;
  }

  /**
   * The name a {@code Host} header names, lower-cased, without port and final dot; an IPv6 literal
   * keeps its brackets. Empty when it is not a well-formed host.
   */
  static Optional<String> hostName(String header) {
    Matcher m = HOST_HEADER.matcher(header.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    String host = m.group(1).toLowerCase(Locale.ROOT);
    if (host.startsWith("[")) {
      return host.indexOf(':') >= 0 ? Optional.of(host) : Optional.empty();
    }
    return Optional.ofNullable(bare(host)).filter(h -> NAME.matcher(h).matches());
  }

  /** Without one final dot ({@code localhost.} is {@code localhost}); null when nothing is left. */
  private static String bare(String host) {
    String h = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    return h.isEmpty() ? null : h;
  }

  private static boolean ip(String host) {
    return IPV4.matcher(host).matches() || host.startsWith("[") || host.indexOf(':') >= 0;
  }

  /** Whether the server bound to {@code host} can only be reached from this machine. */
  static boolean loopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost") || h.startsWith("127.") || h.equals("::1") || h.equals("[::1]")) {
      return true;
    }
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException | SecurityException e) {
      return false;
    }
  }

  /** This machine's host names, as the system reports them (none when it cannot say). */
  static List<String> machineNames() {
    List<String> out = new ArrayList<>();
    try {
      InetAddress local = InetAddress.getLocalHost();
      out.add(local.getHostName());
      out.add(local.getCanonicalHostName());
    } catch (UnknownHostException | SecurityException e) {
      // none known: names other than localhost and IP addresses must then be configured
    }
    return out;
  }

  private static String printable(String s) {
    String t = s.length() > 100 ? s.substring(0, 100) + "..." : s;
    return t.replaceAll("[^\\x20-\\x7e]", "?");
  }
}
