package dev.tributary.handlers.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A tiny SMTP server that answers RCPT TO by a rule, to test the replies GreenMail cannot give (4xx
 * deferrals, 5xx rejections). Accepted messages' texts are kept.
 */
final class FakeSmtpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final Function<String, String> rcptReply;
  final List<String> accepted = new CopyOnWriteArrayList<>();
  final AtomicInteger rcptAttempts = new AtomicInteger();
  private final Thread acceptor;

  /**
   * {@code rcptReply} maps a recipient address to the full reply line, e.g. "550 5.1.1 unknown".
   */
  FakeSmtpServer(Function<String, String> rcptReply) throws IOException {
    this.rcptReply = rcptReply;
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.acceptor = new Thread(this::acceptLoop, "fake-smtp");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "fake-smtp-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s;
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
        OutputStream out = s.getOutputStream()) {
      reply(out, "220 fake ESMTP");
      String line;
      boolean hasRecipient = false;
      while ((line = in.readLine()) != null) {
        String cmd = line.toUpperCase(Locale.ROOT);
        if (cmd.startsWith("EHLO") || cmd.startsWith("HELO")) {
          reply(out, "250 fake");
        } else if (cmd.startsWith("MAIL FROM")) {
          hasRecipient = false;
          reply(out, "250 2.1.0 OK");
        } else if (cmd.startsWith("RCPT TO")) {
          rcptAttempts.incrementAndGet();
          String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
          String r = rcptReply.apply(address);
          hasRecipient |= r.startsWith("250");
          reply(out, r);
        } else if (cmd.startsWith("DATA")) {
          if (!hasRecipient) {
            reply(out, "554 5.5.1 no valid recipients");
            continue;
          }
          reply(out, "354 go ahead");
          StringBuilder data = new StringBuilder();
          while ((line = in.readLine()) != null && !line.equals(".")) {
            data.append(line).append('\n');
          }
          accepted.add(data.toString());
          reply(out, "250 2.0.0 queued");
        } else if (cmd.startsWith("QUIT")) {
          reply(out, "221 bye");
          return;
        } else {
          reply(out, "250 OK"); // RSET, NOOP
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
