package dev.socksify.agent.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.socksify.agent.connect.ConnectContext.FdMode;
import java.io.IOException;
import java.net.Socket;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.Test;

class ConnectContextTest {
  @Test
  void aSocketWithoutTimeoutBlocksOnABlockingDescriptor() {
    assertEquals(new ConnectContext(true, 0, FdMode.BLOCKING), ConnectContext.of(new Object(), 0, false));
  }

  @Test
  void aTimedSocketConnectRunsOnANonBlockingDescriptor() {
    assertEquals(new ConnectContext(true, 5_000_000, FdMode.NON_BLOCKING),
        ConnectContext.of(new Object(), 5_000_000, false));
  }

  @Test
  void aSocketOnAVirtualThreadRunsOnANonBlockingDescriptor() {
    assertEquals(new ConnectContext(true, 0, FdMode.NON_BLOCKING), ConnectContext.of(new Object(), 0, true));
  }

  @Test
  void aBlockingChannelMayBlock() throws IOException {
    try (SocketChannel channel = SocketChannel.open()) {
      assertEquals(new ConnectContext(true, 0, FdMode.BLOCKING), ConnectContext.of(channel, 0, false));
    }
  }

  @Test
  void aNonBlockingChannelMustNotBlock() throws IOException {
    try (SocketChannel channel = SocketChannel.open()) {
      channel.configureBlocking(false);
      assertEquals(false, ConnectContext.of(channel, 0, false).mayBlock());
    }
  }

  @Test
  void theSocketAdaptorsTimedConnectRunsNonBlockingWithItsTimeout() throws IOException {
    try (SocketChannel channel = SocketChannel.open()) {
      assertEquals(new ConnectContext(true, 7, FdMode.NON_BLOCKING), ConnectContext.of(channel, 7, false));
      assertEquals(new ConnectContext(true, 0, FdMode.NON_BLOCKING),
          ConnectContext.of(channel, Long.MAX_VALUE, false), "Long.MAX_VALUE means no timeout");
    }
  }

  @Test
  void anAsyncChannelMustNotBlock() throws IOException {
    try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
      assertEquals(false, ConnectContext.of(channel, 0, false).mayBlock());
    }
  }

  @Test
  void anUnknownCallerIsTreatedAsBlockingAndLeftAsItIs() {
    assertEquals(true, ConnectContext.UNKNOWN.mayBlock());
    assertEquals(FdMode.UNKNOWN, ConnectContext.UNKNOWN.fdMode());
    assertEquals(new ConnectContext(true, 0, FdMode.BLOCKING), ConnectContext.of(new Socket(), 0, false),
        "a Socket object itself is no channel");
  }
}
