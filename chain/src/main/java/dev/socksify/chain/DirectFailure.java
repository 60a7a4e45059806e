package dev.socksify.chain;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/** The exception types a direct connect can throw, so a failure through the chain looks the same to the app. */
public enum DirectFailure {
  REFUSED {
    @Override
    IOException create(String message) {
      return new ConnectException(message);
    }
  },
  NO_ROUTE {
    @Override
    IOException create(String message) {
      return new NoRouteToHostException(message);
    }
  },
  TIMEOUT {
    @Override
    IOException create(String message) {
      return new SocketTimeoutException(message);
    }
  },
  UNKNOWN_HOST {
    @Override
    IOException create(String message) {
      return new UnknownHostException(message);
    }
  };

  abstract IOException create(String message);

  /** A new exception of this kind with {@code message}, caused by {@code cause}. */
  public IOException toException(String message, Throwable cause) {
    IOException e = create(message);
    e.initCause(cause);
    return e;
  }
}
