package dev.socksify.chain.dns;

import java.io.IOException;
import java.util.OptionalInt;

/**
 * A DNS message that is not the protocol: truncated, a compression loop, an oversized name, or an answer that does
 * not belong to the query. The message names the offset and what was wrong; {@link #queryId()} is the message id
 * when the header could be read, so a server can still answer FORMERR to the right query.
 */
public final class DnsProtocolException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int queryId;

  public DnsProtocolException(String message) {
    this(-1, message);
  }

  public DnsProtocolException(int queryId, String message) {
    super(message);
    this.queryId = queryId;
  }

  /** The id of the offending message, if its header was complete enough to read it. */
  public OptionalInt queryId() {
    return queryId < 0 ? OptionalInt.empty() : OptionalInt.of(queryId);
  }
}
