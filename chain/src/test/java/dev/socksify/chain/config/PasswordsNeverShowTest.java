package dev.socksify.chain.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.socksify.chain.Chain;
import dev.socksify.chain.Hop;
import dev.socksify.chain.rules.Rule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every message, warning and toString a config produces, scanned for the password. The inputs are broken in
 * every place a line with a password can break.
 */
class PasswordsNeverShowTest {
  private static final String PASSWORD = "Pw-xyzzy-42";
  private static final String ENCODED = "Pw-xyzzy%2D42";

  private static final List<String> BROKEN = List.of(
      "[ProxyList]\nsocks5 10.0.0.1 99999 alice " + PASSWORD + "\n",
      "[ProxyList]\nsocks5 10.0.0.1 1080 alice " + PASSWORD + " extra\n",
      "[ProxyList]\nsock5 10.0.0.1 1080 alice " + PASSWORD + "\n",
      "[ProxyList]\nraw 10.0.0.1 1080 alice " + PASSWORD + "\n",
      "[ProxyList]\nsocks5 300.0.0.1 1080 alice " + PASSWORD + "\n",
      "[ProxyList]\nsocks5 10.0.0.1 1080 alice " + PASSWORD + "x".repeat(300) + "\n",
      "[ProxyList]\nsocks5://alice:" + PASSWORD + "@10.0.0.1:99999\n",
      "[ProxyList]\nsocks5://alice:" + ENCODED + "@10.0.0.1:99999\n",
      "[ProxyList]\nsocks5://alice:" + PASSWORD + "%zz@10.0.0.1\n",
      "[ProxyList]\nsocks5://alice:" + PASSWORD + "@10.0.0.1 socks5://bob:" + PASSWORD + "@10.0.0.2\n",
      "[ProxyList]\nftp://alice:" + PASSWORD + "@10.0.0.1\n",
      "[ProxyList]\nsocks5://alice:" + PASSWORD + "@[::1\n",
      "[ProxyList]\nsocks5://alice:" + PASSWORD + "@10.0.0.1/path\n",
      "[chain x]\nsocks5 10.0.0.1 1080 alice " + PASSWORD + "\nrandom_chain\nchain_len 2\n",
      "[ProxyList]\nsocks5 10.0.0.1 1080 alice " + PASSWORD + "\n[rules]\nport 1 -> chain nowhere\n");

  @Test
  void notInErrorMessages() {
    List<String> messages = new ArrayList<>();
    for (String text : BROKEN) {
      try {
        SocksifyConfig.parse(text, "p.conf");
        messages.add("accepted: " + text.lines().skip(1).findFirst().orElse(""));
      } catch (ConfigException e) {
        messages.add(e.getMessage());
      }
    }
    for (String url : List.of("socks5://alice:" + PASSWORD + "@h:0", "socks5://alice:" + ENCODED + "@h:0",
        "socks5://alice:" + PASSWORD + "@", "x://alice:" + PASSWORD + "@h", "alice:" + PASSWORD + "@h:1080")) {
      for (String arg : List.of(url, "socks5://10.0.0.1," + url)) {
        try {
          SocksifyConfig.fromAgentArgument(arg);
          messages.add("accepted: " + arg);
        } catch (ConfigException e) {
          messages.add(e.getMessage());
        }
      }
    }
    assertEquals(BROKEN.size() + 10, messages.size());
    for (String message : messages) {
      assertFalse(message.startsWith("accepted: "), message);
      assertFalse(message.contains(PASSWORD) || message.contains(ENCODED), message);
    }
  }

  @Test
  void notInWarningsOrToString() {
    SocksifyConfig config = SocksifyConfig.parse(String.join("\n",
        "proxy_dns_daemon 127.0.0.1:1053",
        "[ProxyList]",
        "socks4 10.0.0.1 1080 alice " + PASSWORD,
        "socks5 10.0.0.2 1080 alice " + PASSWORD,
        "http://alice:" + ENCODED + "@10.0.0.3:3128",
        "mystery " + PASSWORD,
        "[chain spare]",
        "socks5://bob:" + PASSWORD + "@[::1]:1080",
        "[dns]",
        "mode fake-ip",
        ""), "p.conf");
    List<String> texts = new ArrayList<>(config.warnings());
    texts.add(config.toString());
    for (Chain chain : config.chains().values()) {
      texts.add(chain.toString());
      for (Hop hop : chain.hops()) {
        texts.add(hop.toString());
        texts.add(ProxyUrl.format(hop));
        texts.add(hop.credentials().orElseThrow().toString());
      }
    }
    config.rules().list().stream().map(Rule::toString).forEach(texts::add);
    texts.add(config.rules().toString());
    texts.add(config.dns().toString());
    assertEquals(5, config.warnings().size(), config.warnings().toString());
    for (String text : texts) {
      assertFalse(text.contains(PASSWORD) || text.contains(ENCODED), text);
    }
    // The password is really there, so the scan above looked at configs that hold it.
    assertEquals(PASSWORD, config.chain("spare").orElseThrow().hops().get(0).credentials().orElseThrow().password());
  }
}
