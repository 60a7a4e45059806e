package dev.socksify.redirector.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.socksify.redirector.lab.LabCheck;
import dev.socksify.redirector.lab.Netns;
import dev.socksify.redirector.lab.NsProcess;
import dev.socksify.redirector.lab.RedirectLab;
import dev.socksify.redirector.lab.RedirectorProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Relay mechanics with every flow sent direct: redirect, original destination, bytes intact, cleanup. */
class DirectRelayIT {
  private static RedirectLab lab;
  private static final int HTTP_PORT = 8080;

  @BeforeAll
  static void setUp() {
    LabCheck.requireNamespaceLab("iptables", "ip6tables", "python3", "curl", "sha256sum");
    lab = RedirectLab.create();
    Path www = lab.dir("www");
    lab.destination.run("sh", "-c", "head -c 20000000 /dev/urandom > " + www + "/blob && sha256sum " + www
        + "/blob");
    NsProcess http = lab.destination.spawn("http", lab.log("http"), List.of("python3", "-m", "http.server",
        "--bind", "::", "--directory", www.toString(), Integer.toString(HTTP_PORT)));
    http.awaitListening(lab.destination, HTTP_PORT, Duration.ofSeconds(20));
  }

  @AfterAll
  static void tearDown() {
    if (lab != null) {
      lab.close();
    }
  }

  @Test
  void curlDownloadsIntactOverIpv4AndIpv6() {
    NsProcess redirector = RedirectorProcess.direct(lab.client, lab.log("redirector-curl"), List.of("--port",
        "12345", "--no-splice"));
    try {
      String expected = lab.destination.run("sha256sum", lab.dir("www") + "/blob").split(" ")[0];
      for (String url : List.of("http://" + RedirectLab.DEST + ":" + HTTP_PORT + "/blob",
          "http://[" + RedirectLab.DEST6 + "]:" + HTTP_PORT + "/blob")) {
        String got = lab.client.run("sh", "-c", "curl -sS --max-time 60 " + url + " | sha256sum").split(" ")[0];
        assertEquals(expected, got, url + "\n" + redirector.log());
      }
      assertEquals(0, lab.leaked(), "packets went to the destination without the redirector");
    } finally {
      redirector.stop();
    }
    String rules = lab.client.run("iptables-save") + lab.client.run("ip6tables-save");
    assertFalse(rules.contains("SOCKSIFY"), "rules left after stop:\n" + rules + redirector.log());
  }
}
