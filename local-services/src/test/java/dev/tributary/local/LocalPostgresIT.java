package dev.tributary.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPostgresIT {
  @TempDir Path dir;

  /** Runs SQL with the server's own psql; returns its unaligned output. */
  private static String psql(LocalPostgres pg, String database, String sql)
      throws IOException, InterruptedException {
    Path psql = Path.of("/usr/lib/postgresql", pg.version(), "bin", "psql");
    Process p =
        new ProcessBuilder(
                List.of(
                    psql.toString(),
                    "-X",
                    "-At",
                    "-h",
                    pg.host(),
                    "-p",
                    Integer.toString(pg.port()),
                    "-U",
                    pg.user(),
                    "-d",
                    database,
                    "-c",
                    sql))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as("psql: %s", out).isZero();
    return out;
  }

  @Test
  void shouldStartALogicalReplicationServerInAPrivateDirectoryAndRemoveItsStagedFilesOnClose()
      throws Exception {
    // a directory only its owner can enter, as temporary directories are
    Path run = Files.createDirectories(dir.resolve("private")).resolve("postgres");
    Files.setPosixFilePermissions(
        dir.resolve("private"), PosixFilePermissions.fromString("rwx------"));
    Path data;
    try (LocalPostgres pg = LocalPostgres.builder().runDirectory(run).start()) {
      assertThat(psql(pg, "postgres", "SHOW wal_level")).isEqualTo("logical");
      pg.createDatabase("shop");
      psql(pg, "shop", "CREATE TABLE t (id int PRIMARY KEY)");
      pg.createDatabase("shop"); // dropped and created again, empty
      assertThat(psql(pg, "shop", "SELECT count(*) FROM pg_tables WHERE tablename = 't'"))
          .isEqualTo("0");
      data = Path.of(psql(pg, "postgres", "SHOW data_directory"));
    }
    if (data.startsWith(run)) {
      assertThat(data).isDirectory(); // kept where it was asked for
    } else {
      assertThat(data.getParent()).doesNotExist(); // staged for the server user (as root): removed
    }
  }
}
