package dev.socksify.chain.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.socksify.chain.Hop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code -javaagent:socksify.jar=ARG}: a config file or proxy URLs. */
class AgentArgumentTest {
  @TempDir
  Path dir;

  @Test
  void anExistingFileIsLoaded() throws Exception {
    Path file = dir.resolve("socksify.conf");
    Files.writeString(file, "[ProxyList]\nsocks5 127.0.0.1 1080\n");
    SocksifyConfig config = SocksifyConfig.fromAgentArgument(file.toString());
    assertEquals(file.toString(), config.source());
    assertEquals(List.of("socks5 127.0.0.1:1080"), config.defaultChain().hops().stream().map(Hop::toString).toList());
  }

  @Test
  void errorsInTheFileNameItsLine() throws Exception {
    Path file = dir.resolve("bad.conf");
    Files.writeString(file, "[ProxyList]\nsocks5 127.0.0.1 0\n");
    assertEquals(file + ":2: port 0 out of range 1-65535",
        assertThrows(ConfigException.class, () -> SocksifyConfig.fromAgentArgument(file.toString())).getMessage());
  }

  @Test
  void urlsMakeOneChain() {
    SocksifyConfig config = SocksifyConfig.fromAgentArgument("socks5h://user:pass@127.0.0.1:1080,socks4a://10.0.0.2:1080");
    assertEquals("proxy URLs", config.source());
    assertEquals("default", config.defaultChain().name());
    assertEquals(List.of("socks5h 127.0.0.1:1080", "socks4a 10.0.0.2:1080"),
        config.defaultChain().hops().stream().map(Hop::toString).toList());
    assertEquals(DnsMode.FAKE_IP, config.dns().mode());
    assertEquals(List.of(), config.warnings());
  }

  @Test
  void urlsEndingInALocalDnsSchemeResolveLocally() {
    assertEquals(DnsMode.LOCAL, SocksifyConfig.fromProxyUrls("socks5h://10.0.0.1,socks5://10.0.0.2").dns().mode());
    assertEquals(DnsMode.FAKE_IP, SocksifyConfig.fromProxyUrls("socks5://10.0.0.1,socks5h://10.0.0.2").dns().mode());
  }

  @Test
  void separateUrlsNeedNoEncodedCommas() {
    SocksifyConfig config = SocksifyConfig.fromProxyUrls(List.of("socks5://u:a,b@10.0.0.1", " http://10.0.0.2 "));
    assertEquals("a,b", config.defaultChain().hops().get(0).credentials().orElseThrow().password());
    assertEquals(List.of("socks5 10.0.0.1:1080", "http 10.0.0.2:8080"), config.hops().stream().map(Hop::toString).toList());
    assertEquals("proxy URL 2 ('socks5://u:****@h:0'): port 0 out of range 1-65535", assertThrows(ConfigException.class,
        () -> SocksifyConfig.fromProxyUrls(List.of("socks5://10.0.0.1", "socks5://u:p@h:0"))).getMessage());
  }

  @Test
  void aBadUrlSaysItWasReadAsUrls() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> SocksifyConfig.fromAgentArgument("socks5://127.0.0.1:1080,socks5://alice:pw@host:99999"));
    assertEquals("proxy URL 2 ('socks5://alice:****@host:99999'): port 99999 out of range 1-65535 (the agent argument"
        + " was read as proxy URLs because it contains '://'; no file of that name was tried)", e.getMessage());
  }

  @Test
  void neitherFileNorUrlsSaysWhatWasTried() throws Exception {
    assertEquals("agent argument '/etc/no-such-socksify.conf': is neither a config file (no such file) nor a list of"
            + " proxy URLs (no SCHEME:// in it, e.g. socks5h://127.0.0.1:1080)",
        assertThrows(ConfigException.class, () -> SocksifyConfig.fromAgentArgument("/etc/no-such-socksify.conf"))
            .getMessage());
    assertEquals("agent argument '" + dir + "': is neither a config file (exists but is not a regular file) nor a"
            + " list of proxy URLs (no SCHEME:// in it, e.g. socks5h://127.0.0.1:1080)",
        assertThrows(ConfigException.class, () -> SocksifyConfig.fromAgentArgument(dir.toString())).getMessage());
    assertEquals("agent argument: is empty; give a config file path or proxy URLs like socks5h://127.0.0.1:1080",
        assertThrows(ConfigException.class, () -> SocksifyConfig.fromAgentArgument(" ")).getMessage());
  }
}
