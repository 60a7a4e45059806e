package dev.socksify.agent.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs one of the test apps in a fresh JVM, with or without {@code -javaagent:socksify.jar=ARG}. */
final class AgentJvm {
  private static final long TIMEOUT_SECONDS = 90;

  private final Jdk jdk;
  private final List<String> jvmOptions = new ArrayList<>();
  private String agentArgument;
  private final Map<String, String> environment = new HashMap<>();
  private boolean withAgent = true;
  private String namespace;

  private AgentJvm(Jdk jdk) {
    this.jdk = jdk;
  }

  static AgentJvm on(Jdk jdk) {
    return new AgentJvm(jdk);
  }

  /** {@code -javaagent:socksify.jar=argument}; {@code null} for no argument at all. */
  AgentJvm agent(String argument) {
    this.agentArgument = argument;
    return this;
  }

  /** No agent: the control run. */
  AgentJvm withoutAgent() {
    this.withAgent = false;
    return this;
  }

  AgentJvm option(String jvmOption) {
    jvmOptions.add(jvmOption);
    return this;
  }

  /** An environment variable for the app (the test JVM's SOCKSIFY_CONFIG is never passed on). */
  AgentJvm environment(String variable, String value) {
    environment.put(variable, value);
    return this;
  }

  AgentJvm debug() {
    return option("-Dsocksify.debug=true");
  }

  /**
   * Runs the app inside the network namespace {@code name} ({@code ip netns exec}, which also bind-mounts the files
   * in /etc/netns/NAME over those in /etc, e.g. its own resolv.conf and hosts).
   */
  AgentJvm inNamespace(String name) {
    this.namespace = name;
    return this;
  }

  AppRun run(String mainClass, String... args) {
    List<String> command = new ArrayList<>();
    if (namespace != null) {
      command.addAll(List.of("ip", "netns", "exec", namespace));
    }
    command.add(jdk.java().toString());
    command.addAll(jvmOptions);
    if (withAgent) {
      Path jar = IntegrationDirs.agentJar();
      if (jvmOptions.stream().noneMatch(o -> o.startsWith("-Dsocksify.hookCache="))) {
        // the tests' own hook cache, not the user's
        command.add("-Dsocksify.hookCache=" + IntegrationDirs.work().resolve("hook-cache"));
      }
      command.add("-javaagent:" + jar + (agentArgument == null ? "" : "=" + agentArgument));
    }
    command.add("-cp");
    command.add(TestApps.classpathString());
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    String shown = String.join(" ", command);
    try {
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().remove("SOCKSIFY_CONFIG");
      builder.environment().putAll(environment);
      Process process = builder.start();
      process.getOutputStream().close();
      CompletableFuture<String> out = drain(process.getInputStream());
      CompletableFuture<String> err = drain(process.getErrorStream());
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor();
        fail("the app did not finish within " + TIMEOUT_SECONDS + " s: " + shown + "\n" + out.join() + err.join());
      }
      List<String> lines = out.join().lines().toList();
      return new AppRun(shown, process.exitValue(), lines, err.join());
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + shown, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "<" + e + ">";
      }
    });
  }
}
