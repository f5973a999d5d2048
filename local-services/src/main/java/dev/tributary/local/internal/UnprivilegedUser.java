package dev.tributary.local.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A system user to run a server as when this JVM is root (OpenSearch refuses root): created on
 * first use, given the directories the server writes, and asked whether it can reach a path (a
 * checkout under {@code /root} is not reachable by anyone else).
 */
public final class UnprivilegedUser {
  private final String name;

  public UnprivilegedUser(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  public String name() {
    return name;
  }

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  /** Creates the user once; a concurrent build creating it too is fine. */
  public void ensureExists() throws IOException, InterruptedException {
    if (exec("id", "-u", name) == 0) {
      return;
    }
    int rc = exec("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", name);
    if (rc != 0 && exec("id", "-u", name) != 0) {
      throw new IllegalStateException("useradd " + name + " failed with exit code " + rc);
    }
  }

  /** Gives the user a directory tree. */
  public void own(Path dir) throws IOException, InterruptedException {
    int rc = exec("chown", "-R", name, dir.toString());
    if (rc != 0) {
      throw new IllegalStateException(
          "chown -R " + name + " " + dir + " failed with exit code " + rc);
    }
  }

  /** Whether the user can reach (traverse to and into) a directory. */
  public boolean canReach(Path dir) throws IOException, InterruptedException {
    return exec("runuser", "-u", name, "--", "test", "-x", dir.toString()) == 0;
  }

  /**
   * {@code run} when the user can reach it, else a directory standing in for it under {@code
   * stagingRoot}, named after {@code run}'s path (a temporary directory is private to its owner).
   */
  public Path reachable(Path run, Path stagingRoot) throws IOException, InterruptedException {
    Files.createDirectories(run);
    if (canReach(run)) {
      return run;
    }
    Files.createDirectories(stagingRoot);
    return stagingRoot.resolve(
        run.getFileName() + "-" + Integer.toHexString(run.toAbsolutePath().toString().hashCode()));
  }

  /** The command prefix that runs what follows as the user. */
  public List<String> runAs() {
    return List.of("runuser", "-u", name, "--");
  }

  /** Copies a directory tree with its modes ({@code cp -a}), replacing what is at {@code to}. */
  public static void copyTree(Path from, Path to) throws IOException, InterruptedException {
    Path partial = to.resolveSibling(to.getFileName() + ".partial");
    exec("rm", "-rf", partial.toString());
    Files.createDirectories(to.getParent());
    int rc = exec("cp", "-a", from.toString(), partial.toString());
    if (rc != 0) {
      throw new IllegalStateException(
          "cp -a " + from + " " + partial + " failed with exit code " + rc);
    }
    exec("rm", "-rf", to.toString());
    Files.move(partial, to);
  }

  private static int exec(String... cmd) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(cmd));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    return p.waitFor();
  }
}
