package dev.socksify.redirector.firewall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleTemplateTest {
  @Test
  void substitutesDropsCommentsAndRepeatsListLines() {
    RuleTemplate t = RuleTemplate.parse("t", """
        # a comment with {{port}} is dropped, not rendered
        -A X -j REDIRECT --to-ports {{port}}
          # indented comments too
        -A X -d {{nets}} -j RETURN
        tail {{port}}
        """);
    assertEquals("""
        -A X -j REDIRECT --to-ports 80
        -A X -d 10.0.0.0/8 -j RETURN
        -A X -d 192.0.2.0/24 -j RETURN
        tail 80
        """, t.render(Map.of("port", 80, "nets", List.of("10.0.0.0/8", "192.0.2.0/24"))));
  }

  @Test
  void anEmptyListDropsItsLine() {
    RuleTemplate t = RuleTemplate.parse("t", "a\n-d {{nets}}\nb\n");
    assertEquals("a\nb\n", t.render(Map.of("nets", List.of())));
  }

  @Test
  void sectionsAreKeptOnlyWhenTheirFlagIsTrue() {
    RuleTemplate t = RuleTemplate.parse("t", "a\n{{#gw}}\ngw {{port}}\n{{/gw}}\nb\n");
    assertEquals("a\ngw 1\nb\n", t.render(Map.of("gw", true, "port", 1)));
    assertEquals("a\nb\n", t.render(Map.of("gw", false, "port", 1)));
  }

  @Test
  void aPlaceholderWithoutValueNamesTheFileAndLine() {
    RuleTemplate t = RuleTemplate.parse("iptables/x.rules", "a\nb {{nope}}\n");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.render(Map.of()));
    assertEquals("native-config/iptables/x.rules:2: no value for {{nope}}", e.getMessage());
  }

  @Test
  void brokenSectionsAreErrors() {
    assertEquals("native-config/t:2: section {{#a}} is never closed", assertThrows(IllegalStateException.class,
        () -> RuleTemplate.parse("t", "{{#a}}\nx\n").render(Map.of("a", true))).getMessage());
    assertEquals("native-config/t:1: {{/a}} closes no open section", assertThrows(IllegalStateException.class,
        () -> RuleTemplate.parse("t", "{{/a}}\n").render(Map.of())).getMessage());
    assertEquals("native-config/t:2: nested section {{#b}} inside {{#a}}", assertThrows(
        IllegalStateException.class,
        () -> RuleTemplate.parse("t", "{{#a}}\n{{#b}}\n").render(Map.of("a", true, "b", true))).getMessage());
    assertEquals("native-config/t:1: section {{#a}} needs a true/false value", assertThrows(
        IllegalStateException.class, () -> RuleTemplate.parse("t", "{{#a}}\n{{/a}}\n").render(Map.of("a", 1)))
        .getMessage());
  }

  @Test
  void twoListsOnOneLineAreAnError() {
    RuleTemplate t = RuleTemplate.parse("t", "{{a}} {{b}}\n");
    assertEquals("native-config/t:1: two lists on one line: a, b", assertThrows(IllegalStateException.class,
        () -> t.render(Map.of("a", List.of(1), "b", List.of(2)))).getMessage());
  }
}
