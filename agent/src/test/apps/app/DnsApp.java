package app;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Names through the JDK's usual doors, one step per argument, each reported as {@code STEP=result} (or
 * {@code STEP=error <exception class>: <message>}; the next step still runs):
 *
 * <ul>
 *   <li>{@code lookup:NAME}: {@code InetAddress.getAllByName}, each address as {@code name/address};
 *   <li>{@code reverse:NAME}: looks NAME up, then {@code getHostName()} and {@code getCanonicalHostName()} of a bare
 *       address with the same bytes (a reverse lookup): {@code host,canonical};
 *   <li>{@code localhost:}: {@code InetAddress.getLocalHost()};
 *   <li>{@code socket:HOST:PORT}: a {@code Socket} connect by name, the greeting of the peer server, and the remote
 *       address the socket reports: {@code greeting|remote};
 *   <li>{@code http:URL}: {@code HttpClient} GET (HTTP/1.1): {@code status body};
 *   <li>{@code urlconnection:URL}: {@code HttpURLConnection} GET: {@code status body}.
 * </ul>
 */
public final class DnsApp {
  private static final int TIMEOUT_MILLIS = 20_000;

  public static void main(String[] args) {
    for (String step : args) {
      int colon = step.indexOf(':');
      String op = step.substring(0, colon);
      String arg = step.substring(colon + 1);
      try {
        Report.line(step, run(op, arg));
      } catch (Throwable t) {
        Report.line(step, "error " + t.getClass().getName() + ": " + t.getMessage());
      }
    }
  }

  private static String run(String op, String arg) throws Exception {
    switch (op) {
      case "lookup":
        return Arrays.stream(InetAddress.getAllByName(arg)).map(InetAddress::toString)
            .collect(Collectors.joining(","));
      case "reverse":
        byte[] raw = InetAddress.getByName(arg).getAddress();
        return InetAddress.getByAddress(raw).getHostName() + "," + InetAddress.getByAddress(raw).getCanonicalHostName();
      case "localhost":
        return InetAddress.getLocalHost().toString();
      case "socket":
        return socket(arg.substring(0, arg.lastIndexOf(':')), Integer.parseInt(arg.substring(arg.lastIndexOf(':') + 1)));
      case "http":
        return http(arg);
      case "urlconnection":
        return urlConnection(arg);
      default:
        throw new IllegalArgumentException("unknown step " + op);
    }
  }

  private static String socket(String host, int port) throws Exception {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
      socket.setSoTimeout(TIMEOUT_MILLIS);
      return Report.readLine(socket.getInputStream()) + "|" + socket.getRemoteSocketAddress();
    }
  }

  private static String http(String url) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofMillis(TIMEOUT_MILLIS)).build();
    HttpResponse<String> response = client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMillis(TIMEOUT_MILLIS)).build(),
        HttpResponse.BodyHandlers.ofString());
    return response.statusCode() + " " + response.body().trim();
  }

  private static String urlConnection(String url) throws Exception {
    HttpURLConnection connection = (HttpURLConnection) URI.create(url).toURL().openConnection();
    connection.setConnectTimeout(TIMEOUT_MILLIS);
    connection.setReadTimeout(TIMEOUT_MILLIS);
    try (InputStream in = connection.getInputStream()) {
      return connection.getResponseCode() + " " + Report.readAll(in).trim();
    } finally {
      connection.disconnect();
    }
  }
}
