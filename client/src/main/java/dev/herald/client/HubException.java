package dev.herald.client;

/**
 * The hub refused a request: its status and the message it gave (Herald's says what to fix, and names the
 * {@code herald.*} key of a limit).
 */
public final class HubException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String hubMessage;

    public HubException(int status, String hubMessage) {
        super("the hub answered " + status + (hubMessage.isBlank() ? "" : ": " + hubMessage.strip()));
        this.status = status;
        this.hubMessage = hubMessage;
    }

    /** The HTTP status, e.g. 401 for a token the hub does not accept. */
    public int status() {
        return status;
    }

    /** The body of the hub's answer, at most {@value HeraldClient#MAX_MESSAGE_BYTES} bytes of it. */
    public String hubMessage() {
        return hubMessage;
    }
}
