package dev.socksify.agent.config;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Credentials;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TEMPORARY development stand-in for {@code chain.config.SocksifyConfig.fromAgentArgument}: comma-separated proxy
 * URLs, or a file with one URL per line. Removed once the config module lands on main.
 */
public final class StandInConfig {
  private StandInConfig() {}

  public static AgentConfig fromAgentArgument(String argument) throws IOException {
    String urls = argument.contains("://") ? argument : String.join(",", lines(Path.of(argument)));
    List<Hop> hops = new ArrayList<>();
    for (String url : urls.split(",")) {
      if (!url.isBlank()) {
        hops.add(hop(url.trim()));
      }
    }
    if (hops.isEmpty()) {
      throw new IOException("no proxy in " + argument);
    }
    Chain chain = Chain.strict("default", hops);
    return new AgentConfig(chain, hops, Boolean.getBoolean("socksify.debug"));
  }

  private static List<String> lines(Path file) throws IOException {
    List<String> urls = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank() && !line.trim().startsWith("#")) {
        urls.add(line.trim());
      }
    }
    return urls;
  }

  private static Hop hop(String url) throws IOException {
    URI uri = URI.create(url);
    ProxyType type = ProxyType.ofScheme(uri.getScheme());
    if (type == null || uri.getHost() == null) {
      throw new IOException("not a proxy URL: " + uri.getScheme() + "://" + uri.getHost());
    }
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
    Hop hop = new Hop(type, host, uri.getPort() > 0 ? uri.getPort() : type.defaultPort());
    String userInfo = uri.getRawUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      String user = URLDecoder.decode(colon < 0 ? userInfo : userInfo.substring(0, colon), StandardCharsets.UTF_8);
      String pass = colon < 0 ? "" : URLDecoder.decode(userInfo.substring(colon + 1), StandardCharsets.UTF_8);
      hop = hop.withCredentials(new Credentials(user, pass));
    }
    return hop;
  }
}
