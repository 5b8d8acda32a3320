package dev.herald.hub;

/** The store that orders and keeps updates (Redis) could not be reached in time: the update was not accepted. */
public final class HubUnavailableException extends IllegalStateException {

    public HubUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
