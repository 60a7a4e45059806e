package dev.socksify.redirector.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (the build writes it), or "development" when run from classes. */
final class Version implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Version.class.getPackage().getImplementationVersion();
    return new String[] {"socksify redirector " + (v == null ? "development" : v)};
  }
}
