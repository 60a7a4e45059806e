package app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * java.net.http.HttpClient: GET URL with HTTP/1.1 ({@code 1.1}) or HTTP/2 ({@code 2}: h2 over TLS by ALPN, h2c by
 * upgrade in cleartext); reports the protocol version used, the status and the body.
 */
public final class HttpClientApp {
  public static void main(String[] args) {
    try {
      HttpClient.Version version = args[0].equals("2") ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1;
      HttpClient client = HttpClient.newBuilder().version(version).connectTimeout(Duration.ofSeconds(20)).build();
      HttpRequest request = HttpRequest.newBuilder(URI.create(args[1])).timeout(Duration.ofSeconds(20)).build();
      HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
      Report.line("version", response.version());
      Report.line("status", response.statusCode());
      Report.line("body", response.body().trim());
    } catch (Throwable t) {
      Report.fail(t);
    }
  }
}
