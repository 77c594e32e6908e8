package dev.slipway.notify;

import java.time.Instant;

/** One try to deliver: the HTTP status it got, or the error when it got none. */
public record AttemptView(Instant at, Integer statusCode, String error, long durationMs) {
}
