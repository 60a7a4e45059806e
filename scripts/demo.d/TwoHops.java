import dev.socksify.chain.Chain;
import dev.socksify.chain.ChainException;
import dev.socksify.chain.Hop;
import dev.socksify.chain.blocking.BlockingChainConnector;
import dev.socksify.chain.blocking.BlockingTunnel;
import dev.socksify.chain.config.ProxyUrl;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The chain module used alone (README "Using the chain module"): connect to HOST:PORT through the proxies given
 * as URLs, read the destination's first line, print the path.
 *
 * <pre>java -cp chain/target/socksify-chain-*.jar scripts/demo.d/TwoHops.java socks5h://127.0.0.1:1080,http://127.0.0.1:8080 HOST:PORT</pre>
 */
public class TwoHops {
  public static void main(String[] args) throws IOException {
    List<Hop> hops = ProxyUrl.parseList(args[0]);
    String[] target = args[1].split(":");
    Chain chain = Chain.strict("demo", hops);
    try (BlockingTunnel tunnel = new BlockingChainConnector()
        .connect(chain, InetSocketAddress.createUnresolved(target[0], Integer.parseInt(target[1])))) {
      ByteBuffer line = ByteBuffer.allocate(256);
      while (tunnel.transport().read(line, Duration.ofSeconds(5)) > 0 && line.get(line.position() - 1) != '\n') {
        // the destination's first line ends with a newline
      }
      String seen = new String(line.array(), 0, line.position(), StandardCharsets.US_ASCII).trim();
      StringBuilder path = new StringBuilder("client");
      for (int i = 0; i < tunnel.hops().size(); i++) {
        path.append(" -> hop ").append(i + 1).append(' ').append(tunnel.hops().get(i));
      }
      System.out.println("chain module: " + path + " -> destination " + args[1]);
      System.out.println("chain module: destination saw " + seen);
    } catch (ChainException e) {
      System.out.println("chain module: failed: " + e.getMessage());
      System.exit(1);
    }
  }
}
