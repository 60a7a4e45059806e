package dev.socksify.chain.config;

import dev.socksify.chain.Addresses;
import dev.socksify.chain.Credentials;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Proxy URLs as curl users write them: {@code SCHEME://[USER[:PASSWORD]@]HOST[:PORT]}, scheme one of
 * {@code socks4 socks4a socks5 socks5h http}, IPv6 hosts in brackets, user and password percent-encoded
 * (RFC 3986 section 2.1: {@code %40} for {@code @}, {@code %3A} for {@code :}, {@code %2C} for a comma in a
 * list), the scheme's default port when none is given. Every error message shows the URL with its password
 * replaced by {@code ****}.
 */
public final class ProxyUrl {
  /** Splits a list at commas that start a new URL, so an unencoded comma inside a password survives. */
  private static final Pattern LIST_SEPARATOR = Pattern.compile(",(?=\\s*[A-Za-z][A-Za-z0-9+.-]*://)");
  private static final String SHAPE = "expected SCHEME://[USER:PASSWORD@]HOST[:PORT], e.g. socks5h://127.0.0.1:1080";
  private static final int SOCKS5_FIELD_MAX = 255;

  private ProxyUrl() {}

  /**
   * One hop from one URL.
   *
   * @throws ConfigException naming the (masked) URL and what is wrong with it
   */
  public static Hop parse(String url) {
    return parse(url, "proxy URL '" + mask(url) + "'", 0);
  }

  /**
   * A chain's hops, in order, from a comma-separated list. Errors name the URL's position:
   * {@code proxy URL 2 ('socks5://alice:****@host:99999'): port 99999 out of range 1-65535}.
   */
  public static List<Hop> parseList(String commaSeparated) {
    if (commaSeparated == null || commaSeparated.isBlank()) {
      throw new ConfigException("proxy URL list", "is empty; " + SHAPE);
    }
    String[] parts = LIST_SEPARATOR.split(commaSeparated.strip(), -1);
    List<Hop> hops = new ArrayList<>(parts.length);
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].strip();
      hops.add(parse(part, "proxy URL " + (i + 1) + " ('" + mask(part) + "')", 0));
    }
    return List.copyOf(hops);
  }

  /**
   * A chain's hops from separate URLs, one per element (as a repeated {@code --proxy} option gives them), so
   * commas need no encoding. Errors name the URL's position as {@link #parseList} does.
   */
  public static List<Hop> parseAll(List<String> urls) {
    if (urls.isEmpty()) {
      throw new ConfigException("proxy URL list", "is empty; " + SHAPE);
    }
    List<Hop> hops = new ArrayList<>(urls.size());
    for (int i = 0; i < urls.size(); i++) {
      String url = urls.get(i).strip();
      hops.add(parse(url, "proxy URL " + (i + 1) + " ('" + maskOne(url) + "')", 0));
    }
    return List.copyOf(hops);
  }

  /** True if {@code text} looks like it is meant as a proxy URL (has {@code ://}). */
  public static boolean looksLikeUrl(String text) {
    return text.contains("://");
  }

  /**
   * The URL of a hop without its password ({@code socks5h://alice@[::1]:1080}); parsing it gives the same hop
   * minus the password.
   */
  public static String format(Hop hop) {
    String user = hop.credentials().map(c -> encode(c.user()) + "@").orElse("");
    return hop.type().scheme() + "://" + user + Addresses.format(hop.host(), hop.port());
  }

  /**
   * {@code text} with the password of every URL in it replaced by {@code ****}; safe to put in messages and
   * logs whatever the input was.
   */
  public static String mask(String text) {
    if (text == null) {
      return "null";
    }
    String[] parts = LIST_SEPARATOR.split(text, -1);
    return Arrays.stream(parts).map(ProxyUrl::maskOne).collect(Collectors.joining(","));
  }

  private static String maskOne(String url) {
    int schemeEnd = url.indexOf("://");
    // Without a scheme ('alice:pw@host', a typo) the user part starts the text: mask it all the same.
    int userStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
    int at = url.lastIndexOf('@');
    if (at < userStart) {
      return url;
    }
    int colon = url.indexOf(':', userStart);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + "****" + url.substring(at);
  }

  /** Parses one URL; problems are reported against {@code source} and {@code line} (0 for none). */
  static Hop parse(String url, String source, int line) {
    if (url == null || url.isBlank()) {
      throw new ConfigException(source, line, "empty; " + SHAPE);
    }
    int schemeEnd = url.indexOf("://");
    if (schemeEnd <= 0) {
      throw new ConfigException(source, line, "no scheme; " + SHAPE);
    }
    String scheme = url.substring(0, schemeEnd);
    ProxyType type = ProxyType.ofScheme(scheme);
    if (type == null) {
      throw new ConfigException(source, line, "unknown scheme '" + scheme + "' (expected " + schemes() + ")");
    }
    String rest = url.substring(schemeEnd + 3);
    // The last '@' ends the user part, so an unencoded '@' or '/' in a password is still read as intended.
    int at = rest.lastIndexOf('@');
    Optional<Credentials> credentials = Optional.empty();
    if (at >= 0) {
      credentials = Optional.of(credentials(rest.substring(0, at), type, source, line));
      rest = rest.substring(at + 1);
    }
    int pathStart = firstOf(rest, "/?#");
    if (pathStart >= 0) {
      String tail = rest.substring(pathStart);
      if (!tail.equals("/")) {
        throw new ConfigException(source, line, "unexpected '" + tail + "' after the host; " + SHAPE);
      }
      rest = rest.substring(0, pathStart);
    }
    String host;
    String portText = null;
    if (rest.startsWith("[")) {
      int close = rest.indexOf(']');
      if (close < 0) {
        throw new ConfigException(source, line, "IPv6 address '" + rest + "' lacks its closing ']'");
      }
      host = ipv6(rest.substring(1, close), source, line);
      String after = rest.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw new ConfigException(source, line, "unexpected '" + after + "' after the IPv6 address");
        }
        portText = after.substring(1);
      }
    } else {
      int colon = rest.indexOf(':');
      if (colon >= 0 && rest.indexOf(':', colon + 1) >= 0) {
        throw new ConfigException(source, line, "IPv6 address must be in brackets, e.g. " + type.scheme() + "://[::1]:1080");
      }
      host = colon >= 0 ? rest.substring(0, colon) : rest;
      portText = colon >= 0 ? rest.substring(colon + 1) : null;
      checkHost(host, source, line);
    }
    int port = portText == null ? type.defaultPort() : port(portText, source, line);
    Hop hop = new Hop(type, host, port);
    return credentials.map(hop::withCredentials).orElse(hop);
  }

  /** A port number 1-65535; {@code what} is the token as written. */
  static int port(String what, String source, int line) {
    if (what.isEmpty()) {
      throw new ConfigException(source, line, "empty port");
    }
    if (what.length() > 9 || !what.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ConfigException(source, line, "port '" + what + "' is not a number");
    }
    int port = Integer.parseInt(what);
    if (port < 1 || port > 65535) {
      throw new ConfigException(source, line, "port " + port + " out of range 1-65535");
    }
    return port;
  }

  /** Checks a host name or IPv4 literal as written outside brackets. */
  static void checkHost(String host, String source, int line) {
    if (host.isEmpty()) {
      throw new ConfigException(source, line, "missing host");
    }
    boolean numeric = host.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '.');
    if (numeric) {
      if (Addresses.literal(host) == null) {
        throw new ConfigException(source, line, "invalid IPv4 address '" + host + "'");
      }
      return;
    }
    boolean valid = host.length() <= 253
        && host.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_')
        && !host.startsWith(".") && !host.contains("..");
    if (!valid) {
      throw new ConfigException(source, line, "invalid host name '" + host + "'");
    }
  }

  /** An IPv6 literal as written inside brackets (zone id as {@code %25eth0}); returned without brackets. */
  static String ipv6(String inside, String source, int line) {
    String literal = inside.replace("%25", "%");
    if (!literal.contains(":") || Addresses.literal(literal) == null) {
      int zone = literal.indexOf('%');
      if (zone > 0 && Addresses.literal(literal.substring(0, zone)) != null) {
        // Named zones would need an interface lookup at connect time; the index is unambiguous.
        throw new ConfigException(source, line, "IPv6 zone in '[" + inside + "]' must be an interface index, e.g. [fe80::1%252]");
      }
      throw new ConfigException(source, line, "invalid IPv6 address '[" + inside + "]'");
    }
    return literal;
  }

  private static Credentials credentials(String userInfo, ProxyType type, String source, int line) {
    int colon = userInfo.indexOf(':');
    String rawUser = colon >= 0 ? userInfo.substring(0, colon) : userInfo;
    String rawPassword = colon >= 0 ? userInfo.substring(colon + 1) : "";
    int atInPassword = rawPassword.indexOf('@');
    // Unencoded ',' is allowed in a password, unencoded '@' too, but a ',' in the user or after an '@' is
    // almost surely a second URL without its scheme; reading it as credentials would hide the mistake.
    if (rawUser.indexOf(',') >= 0 || (atInPassword >= 0 && rawPassword.indexOf(',', atInPassword) >= 0)) {
      throw new ConfigException(source, line, "a ',' inside the user part: percent-encode ',' as %2C and '@' as %40,"
          + " or give the URL after the comma its SCHEME://");
    }
    String user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo, "user name", source, line);
    String password = colon >= 0 ? decode(userInfo.substring(colon + 1), "password", source, line) : "";
    if (user.isEmpty()) {
      throw new ConfigException(source, line, "empty user name before '@'");
    }
    if (type == ProxyType.SOCKS5 || type == ProxyType.SOCKS5H) {
      // RFC 1929: ULEN and PLEN are one byte each.
      if (user.getBytes(StandardCharsets.UTF_8).length > SOCKS5_FIELD_MAX) {
        throw new ConfigException(source, line, "user name longer than 255 bytes (RFC 1929 limit)");
      }
      if (password.getBytes(StandardCharsets.UTF_8).length > SOCKS5_FIELD_MAX) {
        throw new ConfigException(source, line, "password longer than 255 bytes (RFC 1929 limit)");
      }
    }
    return new Credentials(user, password);
  }

  /** RFC 3986 percent-decoding as UTF-8; {@code +} stays a plus (that rule is form encoding, not URLs). */
  private static String decode(String text, String what, String source, int line) {
    if (text.indexOf('%') < 0) {
      return text;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int hi = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int lo = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (hi < 0 || lo < 0) {
          // Never echo the text: it may be the password.
          throw new ConfigException(source, line, "invalid percent-encoding in the " + what + " (expected %XX with hex digits)");
        }
        bytes.write(hi * 16 + lo);
        i += 2;
      } else {
        byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String encode(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '-' || c == '.' || c == '_' || c == '~';
      if (unreserved) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private static int firstOf(String text, String chars) {
    for (int i = 0; i < text.length(); i++) {
      if (chars.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String schemes() {
    return Arrays.stream(ProxyType.values()).map(ProxyType::scheme).collect(Collectors.joining(", "));
  }
}
