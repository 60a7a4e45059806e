package app;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;

/** HttpURLConnection: GET URL, report the status and the body (the destination answers with the peer it saw). */
public final class HttpUrlApp {
  public static void main(String[] args) {
    try {
      HttpURLConnection connection = (HttpURLConnection) new URL(args[0]).openConnection();
      connection.setConnectTimeout(20_000);
      connection.setReadTimeout(20_000);
      Report.line("status", connection.getResponseCode());
      try (InputStream in = connection.getInputStream()) {
        Report.line("body", Report.readAll(in).trim());
      }
    } catch (Throwable t) {
      Report.fail(t);
    }
  }
}
