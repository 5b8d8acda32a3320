package dev.herald.hub;

/** A publish reused the id of an update the history still keeps. */
public final class DuplicateIdException extends IllegalStateException {

    public DuplicateIdException(String id) {
        super("An update with id '" + id + "' is still in the history; ids must be unique. Leave 'id' out to let the"
                + " hub generate one.");
    }
}
