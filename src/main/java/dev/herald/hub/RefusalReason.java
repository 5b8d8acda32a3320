package dev.herald.hub;

import java.util.Locale;

/**
 * Why the hub refused a request, as the {@code reason} label of {@code herald_refused_total}: a fixed set decided by
 * the answer's status, never by anything the client sent, so that no client can add series to the metrics.
 */
public enum RefusalReason {
    BAD_REQUEST(400), UNAUTHORIZED(401), FORBIDDEN(403), METHOD_NOT_ALLOWED(405), BODY_TIMEOUT(408),
    DUPLICATE_ID(409), LENGTH_REQUIRED(411), BODY_TOO_LARGE(413), UNSUPPORTED_MEDIA_TYPE(415), UNAVAILABLE(503),
    OTHER(0);

    private final int status;

    RefusalReason(int status) {
        this.status = status;
    }

    public static RefusalReason of(int status) {
        for (RefusalReason reason : values()) {
            if (reason.status == status) {
                return reason;
            }
        }
        return OTHER;
    }

    /** The label value: {@code bad_request}, {@code unauthorized}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
