package dev.slipway.notify;

/** A webhook URL Slipway will not send to: its host is, or resolves to, an address that is not public. */
class RefusedDestination extends Exception {

    RefusedDestination(String message) {
        super(message);
    }
}
