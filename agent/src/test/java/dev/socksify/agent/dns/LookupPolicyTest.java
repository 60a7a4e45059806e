package dev.socksify.agent.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.socksify.chain.config.SocksifyConfig;
import dev.socksify.chain.rules.Rule;
import org.junit.jupiter.api.Test;

class LookupPolicyTest {
  private static LookupPolicy policy(String... rules) {
    String text = "[ProxyList]\nsocks5h 127.0.0.1 1080\n[chain ssh]\nsocks5h 127.0.0.1 2222\n[rules]\n"
        + String.join("\n", rules) + "\n";
    return new LookupPolicy(SocksifyConfig.parse(text, "test.conf").rules());
  }

  private static String text(Rule rule) {
    return rule == null ? null : rule.text();
  }

  @Test
  void withoutRulesEveryNameGoesToTheChain() {
    assertNull(policy().directEverywhere("service.test"));
  }

  @Test
  void aDomainRuleWithoutPortsDecidesAtLookup() {
    LookupPolicy policy = policy("domain direct.test, *.corp -> direct", "default -> chain default");
    assertEquals("domain direct.test,*.corp -> direct", text(policy.directEverywhere("direct.test")));
    assertEquals("domain direct.test,*.corp -> direct", text(policy.directEverywhere("a.b.corp")));
    assertNull(policy.directEverywhere("corp"), "*.corp does not match corp itself");
    assertNull(policy.directEverywhere("other.test"));
  }

  @Test
  void aPortRuleLeavesTheNameToTheConnect() {
    assertNull(policy("domain mixed.test port 80 -> direct").directEverywhere("mixed.test"));
  }

  @Test
  void directPortRulesBeforeADirectRuleForAllPortsStayDirect() {
    LookupPolicy policy = policy("domain x.test port 22 -> direct", "domain x.test -> direct");
    assertEquals("domain x.test -> direct", text(policy.directEverywhere("x.test")));
  }

  @Test
  void aChainForOnePortKeepsTheNameForTheChain() {
    assertNull(policy("domain x.test port 22 -> chain ssh", "domain x.test -> direct").directEverywhere("x.test"));
  }

  @Test
  void aBlockRuleKeepsTheNameFromTheResolver() {
    assertNull(policy("domain ads.test -> block").directEverywhere("ads.test"));
  }

  @Test
  void cidrRulesNeverMatchANameTheChainResolves() {
    assertNull(policy("cidr 0.0.0.0/0, ::/0 -> direct").directEverywhere("service.test"));
    assertEquals("domain x.test -> direct",
        text(policy("cidr 10.0.0.0/8 -> chain ssh", "domain x.test -> direct").directEverywhere("x.test")));
  }

  @Test
  void aDirectDefaultSendsEveryOtherNameDirect() {
    LookupPolicy policy = policy("domain *.proxied.test -> chain default", "default -> direct");
    assertNull(policy.directEverywhere("a.proxied.test"));
    assertEquals("default -> direct", text(policy.directEverywhere("other.test")));
  }

  @Test
  void theBuiltInLoopbackNamesAreDirect() {
    assertEquals("domain localhost,*.localhost -> direct", text(policy().directEverywhere("app.localhost")));
  }
}
