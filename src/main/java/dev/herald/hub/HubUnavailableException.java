package dev.herald.hub;

/**
 * The update was not accepted: the store that orders and keeps updates (Redis) could not be reached in time, or this
 * server is stopping.
 */
public final class HubUnavailableException extends IllegalStateException {

    public HubUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public HubUnavailableException(String message) {
        super(message);
    }
}
