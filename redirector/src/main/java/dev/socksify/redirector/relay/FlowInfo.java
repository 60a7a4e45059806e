package dev.socksify.redirector.relay;

import java.net.InetSocketAddress;

/** Who a flow is for, for its log line. */
record FlowInfo(InetSocketAddress client, InetSocketAddress destination, String via) {
  void failed(String reason) {
    FlowLog.failed(client, destination, via, reason);
  }

  void finished(String how) {
    FlowLog.finished(client, destination, via, how);
  }

  void opened(String how) {
    FlowLog.opened(client, destination, via, how);
  }
}
