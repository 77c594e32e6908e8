package dev.slipway.deploy.cluster;

/** A request the sandbox API server refuses; it answers with a Kubernetes {@code Status} of this code and reason. */
final class ApiRequestException extends RuntimeException {

    private final int code;
    private final String reason;

    ApiRequestException(int code, String reason, String message) {
        super(message);
        this.code = code;
        this.reason = reason;
    }

    int code() {
        return code;
    }

    String reason() {
        return reason;
    }
}
