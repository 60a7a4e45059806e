package dev.socksify.chain.udp;

import dev.socksify.chain.blocking.BlockingTransport;
import java.io.IOException;
import java.util.function.Consumer;

/** A control connection opened by the blocking runner, watched by the shared {@link ControlWatcher}. */
record BlockingUdpControl(BlockingTransport transport) implements UdpControl {
  @Override
  public void watch(Consumer<String> onEnd) throws IOException {
    ControlWatcher.shared().watch(transport, onEnd);
  }

  @Override
  public void close() throws IOException {
    transport.close();
  }
}
