package dev.socksify.chain.config;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.chain.Credentials;
import dev.socksify.chain.Hop;
import dev.socksify.chain.ProxyType;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyUrlTest {
  @ParameterizedTest
  @CsvSource({
      "socks4://10.0.0.1, SOCKS4, 10.0.0.1, 1080",
      "socks4a://proxy.example:1081, SOCKS4A, proxy.example, 1081",
      "socks5://127.0.0.1:9050, SOCKS5, 127.0.0.1, 9050",
      "SOCKS5H://Proxy.Example, SOCKS5H, Proxy.Example, 1080",
      "http://10.0.0.2, HTTP, 10.0.0.2, 8080",
      "http://10.0.0.2:3128/, HTTP, 10.0.0.2, 3128",
  })
  void schemesHostsAndDefaultPorts(String url, ProxyType type, String host, int port) {
    Hop hop = ProxyUrl.parse(url);
    assertEquals(new Hop(type, host, port), hop);
  }

  @Test
  void credentialsArePercentDecoded() {
    Hop hop = ProxyUrl.parse("socks5h://al%69ce:p%40ss%3Aw%2Fo%25rd+%C3%A9@127.0.0.1:1080");
    assertEquals(Optional.of(new Credentials("alice", "p@ss:w/o%rd+é")), hop.credentials());
  }

  @Test
  void unencodedAtAndSlashInPasswordAreReadAsMeant() {
    Hop hop = ProxyUrl.parse("socks5://bob:a@b/c@10.0.0.1:1080");
    assertEquals(Optional.of(new Credentials("bob", "a@b/c")), hop.credentials());
    assertEquals("10.0.0.1", hop.host());
  }

  @Test
  void userWithoutPasswordHasAnEmptyPassword() {
    assertEquals(Optional.of(new Credentials("ident", "")), ProxyUrl.parse("socks4://ident@10.0.0.1").credentials());
  }

  @Test
  void ipv6HostsInBrackets() {
    assertEquals(new Hop(ProxyType.SOCKS5, "::1", 1080), ProxyUrl.parse("socks5://[::1]:1080"));
    assertEquals(new Hop(ProxyType.HTTP, "fd00::5", 8080), ProxyUrl.parse("http://[fd00::5]"));
    assertEquals("fe80::1%1", ProxyUrl.parse("socks5://[fe80::1%251]:1080").host());
    assertEquals("proxy URL 'socks5://[fe80::1%25lo]:1080': IPv6 zone in '[fe80::1%25lo]' must be an interface index,"
        + " e.g. [fe80::1%252]",
        assertThrows(ConfigException.class, () -> ProxyUrl.parse("socks5://[fe80::1%25lo]:1080")).getMessage());
    assertEquals("socks5 [::1]:1080", ProxyUrl.parse("socks5://u:p@[::1]:1080").toString());
  }

  @Test
  void listIsAChainInOrder() {
    List<Hop> hops = ProxyUrl.parseList("socks5h://user:pass@127.0.0.1:1080, socks4a://10.0.0.2:1080,http://[::1]:3128");
    assertEquals(List.of("socks5h 127.0.0.1:1080", "socks4a 10.0.0.2:1080", "http [::1]:3128"),
        hops.stream().map(Hop::toString).toList());
  }

  @Test
  void unencodedCommaInPasswordStaysInThePassword() {
    List<Hop> hops = ProxyUrl.parseList("socks5://u:a,b@127.0.0.1:1080,socks5://127.0.0.2:1080");
    assertEquals(2, hops.size());
    assertEquals("a,b", hops.get(0).credentials().orElseThrow().password());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "socks5://alice:secret@host:99999 | proxy URL 'socks5://alice:****@host:99999': port 99999 out of range 1-65535",
      "socks5://host:0 | proxy URL 'socks5://host:0': port 0 out of range 1-65535",
      "socks5://host:http | proxy URL 'socks5://host:http': port 'http' is not a number",
      "socks5://host: | proxy URL 'socks5://host:': empty port",
      "ftp://host | proxy URL 'ftp://host': unknown scheme 'ftp' (expected socks4, socks4a, socks5, socks5h, http)",
      "host:1080 | proxy URL 'host:1080': no scheme; expected SCHEME://[USER:PASSWORD@]HOST[:PORT], e.g. socks5h://127.0.0.1:1080",
      "socks5://:1080 | proxy URL 'socks5://:1080': missing host",
      "socks5://::1:1080 | proxy URL 'socks5://::1:1080': IPv6 address must be in brackets, e.g. socks5://[::1]:1080",
      "socks5://[::1 | proxy URL 'socks5://[::1': IPv6 address '[::1' lacks its closing ']'",
      "socks5://[::g]:1 | proxy URL 'socks5://[::g]:1': invalid IPv6 address '[::g]'",
      "socks5://[::1]x | proxy URL 'socks5://[::1]x': unexpected 'x' after the IPv6 address",
      "socks5://300.1.1.1 | proxy URL 'socks5://300.1.1.1': invalid IPv4 address '300.1.1.1'",
      "socks5://bad_host!:1 | proxy URL 'socks5://bad_host!:1': invalid host name 'bad_host!'",
      "socks5://host/path | proxy URL 'socks5://host/path': unexpected '/path' after the host; expected SCHEME://[USER:PASSWORD@]HOST[:PORT], e.g. socks5h://127.0.0.1:1080",
      "socks5://:secret@host | proxy URL 'socks5://:****@host': empty user name before '@'",
      "socks5://u:se%Zcret@host | proxy URL 'socks5://u:****@host': invalid percent-encoding in the password (expected %XX with hex digits)",
      "socks5://u%G:pw@host | proxy URL 'socks5://u%G:****@host': invalid percent-encoding in the user name (expected %XX with hex digits)",
  })
  void errorsNameTheUrlMaskedAndWhatIsWrong(String url, String message) {
    ConfigException e = assertThrows(ConfigException.class, () -> ProxyUrl.parse(url));
    assertEquals(message, e.getMessage());
  }

  @Test
  void listErrorsNameThePosition() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ProxyUrl.parseList("socks5://127.0.0.1:1080,socks5://alice:secret@host:99999"));
    assertEquals("proxy URL 2 ('socks5://alice:****@host:99999'): port 99999 out of range 1-65535", e.getMessage());
    assertEquals("proxy URL list: is empty; expected SCHEME://[USER:PASSWORD@]HOST[:PORT], e.g. socks5h://127.0.0.1:1080",
        assertThrows(ConfigException.class, () -> ProxyUrl.parseList(" ")).getMessage());
  }

  @Test
  void aCommaThatSeparatesAUrlWithoutSchemeIsNotTakenForCredentials() {
    String expected = "proxy URL 1 ('socks5://10.0.0.1,alice:****@h:1080'): a ',' inside the user part: percent-encode"
        + " ',' as %2C and '@' as %40, or give the URL after the comma its SCHEME://";
    assertEquals(expected, assertThrows(ConfigException.class,
        () -> ProxyUrl.parseList("socks5://10.0.0.1,alice:pw@h:1080")).getMessage());
    assertThrows(ConfigException.class, () -> ProxyUrl.parseList("socks5://u:pw@h1,u2:pw2@h2"));
    assertEquals("a@b,c", ProxyUrl.parse("socks5://u:a%40b%2Cc@h").credentials().orElseThrow().password());
  }

  @Test
  void socks5CredentialsOver255BytesAreRejected() {
    String longPassword = "x".repeat(256);
    ConfigException e = assertThrows(ConfigException.class,
        () -> ProxyUrl.parse("socks5://u:" + longPassword + "@host"));
    assertEquals("proxy URL 'socks5://u:****@host': password longer than 255 bytes (RFC 1929 limit)", e.getMessage());
    assertEquals(longPassword, ProxyUrl.parse("http://u:" + longPassword + "@host").credentials().orElseThrow().password());
  }

  @Test
  void formatLeavesThePasswordOutAndParsesBack() {
    Hop hop = ProxyUrl.parse("socks5h://us%40er:secret@[::1]:1081");
    String formatted = ProxyUrl.format(hop);
    assertEquals("socks5h://us%40er@[::1]:1081", formatted);
    Hop back = ProxyUrl.parse(formatted);
    assertEquals(new Hop(ProxyType.SOCKS5H, "::1", 1081).withCredentials(new Credentials("us@er", "")), back);
    assertEquals("http://10.0.0.1:8080", ProxyUrl.format(ProxyUrl.parse("http://10.0.0.1")));
  }

  @Test
  void maskHidesEveryPasswordInAList() {
    assertEquals("socks5://a:****@h:1,socks4a://h2,http://b:****@[::1]:3",
        ProxyUrl.mask("socks5://a:pw1@h:1,socks4a://h2,http://b:p@w,2@[::1]:3"));
    assertEquals("socks5://a@h", ProxyUrl.mask("socks5://a@h"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "socks5://alice:S3cr3tPw@host:99999", "socks5://alice:S3cr3tPw@", "socks5://alice:S3cr3tPw@[::1",
      "socks5://alice:S3cr3tPw@host/x", "socks5://alice:S3cr3tPw%zz@host", "nope://alice:S3cr3tPw@host",
      "socks5://alice:S3cr3tPw@::1:80", "socks5://alice:S3cr3tPw@300.0.0.1", "socks5://alice:S3cr3tPw@h:1,x",
  })
  void passwordsNeverAppearInErrors(String url) {
    ConfigException single = assertThrows(ConfigException.class, () -> ProxyUrl.parse(url));
    ConfigException list = assertThrows(ConfigException.class, () -> ProxyUrl.parseList("socks5://h:1," + url));
    assertAll(
        () -> assertFalse(single.getMessage().contains("S3cr3tPw"), single.getMessage()),
        () -> assertFalse(list.getMessage().contains("S3cr3tPw"), list.getMessage()),
        () -> assertTrue(single.getMessage().contains("****"), single.getMessage()));
  }
}
