package app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * AsynchronousSocketChannel: connects to HOST PORT, reports the remote address, the greeting and an echoed line,
 * then half-closes and expects end of stream; every operation through its Future.
 */
public final class AsyncApp {
  public static void main(String[] args) {
    try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
      channel.connect(new InetSocketAddress(args[0], Integer.parseInt(args[1]))).get(20, TimeUnit.SECONDS);
      Report.line("remote", channel.getRemoteAddress());
      Report.line("greeting", readLine(channel));
      ByteBuffer out = ByteBuffer.wrap("hello through the chain\n".getBytes(StandardCharsets.UTF_8));
      while (out.hasRemaining()) {
        channel.write(out).get(20, TimeUnit.SECONDS);
      }
      Report.line("echo", readLine(channel));
      channel.shutdownOutput();
      Report.line("eof", channel.read(ByteBuffer.allocate(1)).get(20, TimeUnit.SECONDS) == -1);
    } catch (ExecutionException e) {
      Report.fail(e.getCause());
    } catch (Throwable t) {
      Report.fail(t);
    }
  }

  private static String readLine(AsynchronousSocketChannel channel) throws Exception {
    StringBuilder line = new StringBuilder();
    ByteBuffer one = ByteBuffer.allocate(1);
    while (true) {
      one.clear();
      if (channel.read(one).get(20, TimeUnit.SECONDS) < 0) {
        throw new IOException("end of stream after '" + line + "'");
      }
      char c = (char) one.get(0);
      if (c == '\n') {
        return line.toString();
      }
      line.append(c);
    }
  }
}
