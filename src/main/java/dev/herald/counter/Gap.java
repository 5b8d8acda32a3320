package dev.herald.counter;

/**
 * Tells a reconnecting client that the counts after its {@code Last-Event-ID} cannot all be replayed, sent as the JSON
 * data of a {@code gap} event before the stream goes on.
 *
 * @param reason      {@link #MALFORMED}, {@link #UNKNOWN} or {@link #EXPIRED}
 * @param lastEventId the id the client sent
 * @param oldest      the oldest count still kept (0 when none is kept yet)
 * @param latest      the latest count (0 before the first tick)
 */
public record Gap(String reason, String lastEventId, long oldest, long latest) {

    /** The id is not a count at all. */
    public static final String MALFORMED = "malformed";
    /** The id is ahead of the counter: it came from an earlier run of the server. */
    public static final String UNKNOWN = "unknown";
    /** The id is older than the history; the counts still kept are replayed after this signal. */
    public static final String EXPIRED = "expired";
}
