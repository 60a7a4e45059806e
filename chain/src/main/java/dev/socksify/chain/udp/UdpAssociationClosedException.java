package dev.socksify.chain.udp;

import java.net.SocketException;

/**
 * The association is over: closed by its owner, or a proxy dropped a control connection and with it the relay
 * (RFC 1928 §7). A {@link SocketException} like the one a closed {@code DatagramSocket} throws; the message says
 * which hop ended it and how, e.g. {@code udp association closed: hop 2 socks5 127.0.0.1:1081 control
 * connection closed by the proxy}.
 */
public final class UdpAssociationClosedException extends SocketException {
  public UdpAssociationClosedException(String reason) {
    super("udp association closed: " + reason);
  }
}
