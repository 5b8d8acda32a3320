package dev.herald.hub;

/** Updates are published faster than they are delivered: as many wait for delivery as the history may hold. */
public final class HubOverloadedException extends IllegalStateException {

    public HubOverloadedException(int waiting) {
        super(waiting + " updates are waiting for delivery, as many as the history holds (herald.history.size,"
                + " herald.history.max-bytes); publish again in a second.");
    }
}
