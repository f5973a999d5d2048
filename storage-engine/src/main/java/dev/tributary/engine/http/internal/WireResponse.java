package dev.tributary.engine.http.internal;

import java.util.Objects;

/** A response ready for the wire: HTTP status and JSON body. */
record WireResponse(int status, byte[] body) {
  WireResponse {
    Objects.requireNonNull(body, "body");
  }

  static WireResponse ok(byte[] body) {
    return new WireResponse(200, body);
  }
}
