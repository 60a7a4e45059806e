package dev.socksify.testkit;

/**
 * What a client asked an embedded proxy to connect to, exactly as it arrived: {@code host} is the name when the
 * request carried one (SOCKS5 DOMAIN, SOCKS4a, an HTTP CONNECT line with a name) and the address literal
 * otherwise, so a test can tell "the name was sent" from "the client resolved it first".
 */
public record RequestedTarget(String host, int port, boolean sentAsName) {
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
