package dev.herald.counter;

/**
 * Tells a reconnecting client that the counts after its {@code Last-Event-ID} cannot all be replayed, sent as the JSON
 * data of a {@code gap} event before the stream goes on.
 *
 * @param reason      {@link #MALFORMED}, {@link #RESTARTED}, {@link #UNKNOWN} or {@link #EXPIRED}
 * @param lastEventId the id the client sent
 * @param oldest      the oldest count still kept (0 when none is kept yet)
 * @param latest      the latest count (0 before the first tick)
 */
public record Gap(String reason, String lastEventId, long oldest, long latest) {

    /** The id is not a counter event's id at all. */
    public static final String MALFORMED = "malformed";
    /**
     * The id is from an earlier start of the application (its epoch differs, or it is a bare count as ids were before
     * epochs): the counter has started again, and only the live stream follows.
     */
    public static final String RESTARTED = "restarted";
    /** The id has this start's epoch but a count the counter has not reached. */
    public static final String UNKNOWN = "unknown";
    /** The id is older than the history; the counts still kept are replayed after this signal. */
    public static final String EXPIRED = "expired";
}
