package dev.herald.security;

/**
 * The keys that would verify a token cannot be had yet: its JWK Set has not been fetched since the application
 * started. Not the client's fault, so the answer is 503 with a {@code Retry-After}, not 401.
 */
public final class KeysUnavailableException extends RuntimeException {

    private final long retryAfterSeconds;

    KeysUnavailableException(String description, long retryAfterSeconds) {
        super(description);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** When the hub may have the keys: the next time it fetches them, in whole seconds, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
