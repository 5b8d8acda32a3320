package dev.herald.security;

/**
 * A refused request, with what RFC 6750 says to answer: 401 when the token is missing or invalid, 403 when a valid
 * token does not allow what was asked.
 */
public final class AuthorizationException extends RuntimeException {

    private final int status;
    private final String error;

    private AuthorizationException(int status, String error, String description) {
        super(description);
        this.status = status;
        this.error = error;
    }

    /** No token at all: RFC 6750 asks for a challenge without an error code. */
    public static AuthorizationException missing(String description) {
        return new AuthorizationException(401, null, description);
    }

    public static AuthorizationException invalid(String description) {
        return new AuthorizationException(401, "invalid_token", description);
    }

    public static AuthorizationException forbidden(String description) {
        return new AuthorizationException(403, "insufficient_scope", description);
    }

    public int status() {
        return status;
    }

    /** The {@code WWW-Authenticate} header value for this refusal. */
    public String challenge() {
        StringBuilder challenge = new StringBuilder("Bearer realm=\"herald\"");
        if (error != null) {
            challenge.append(", error=\"").append(error).append("\", error_description=\"")
                    .append(headerSafe(getMessage())).append('"');
        }
        return challenge.toString();
    }

    /**
     * The description as a quoted-string can carry it: no quote or backslash, and nothing outside printable ASCII, so
     * that text from a token can neither end the header nor be mangled by the server's header encoding.
     */
    private static String headerSafe(String description) {
        StringBuilder safe = new StringBuilder(description.length());
        for (int i = 0; i < description.length(); i++) {
            char c = description.charAt(i);
            safe.append(c == '"' ? '\'' : c == '\\' ? '/' : c < 0x20 || c > 0x7e ? '?' : c);
        }
        return safe.toString();
    }
}
