package dev.herald.http;

import dev.herald.hub.Presence;

/**
 * What a request to the subscriptions API asks for, read from its raw path (before the container decodes it, so that
 * an encoded {@code /} in a selector stays inside its segment).
 *
 * @param selector   the selector whose subscriptions are asked for, or {@code null} for all
 * @param subscriber the subscriber whose subscription is asked for, or {@code null} for all
 */
record SubscriptionsQuery(String selector, String subscriber) {

    /**
     * @param path the request's raw path inside the application, starting with {@link Presence#PATH}
     * @throws IllegalArgumentException saying what is wrong with it
     */
    static SubscriptionsQuery parse(String path) {
        String rest = path.substring(Presence.PATH.length());
        if (rest.isEmpty() || rest.equals("/")) {
            return new SubscriptionsQuery(null, null);
        }
        String[] parts = rest.substring(1).split("/", -1);
        if (parts.length > 2) {
            throw new IllegalArgumentException("The path has " + parts.length + " parts after " + Presence.PATH
                    + "; at most two are understood (encode a '/' inside one as %2F)");
        }
        for (String part : parts) {
            if (part.isEmpty()) {
                throw new IllegalArgumentException("The path has an empty part after " + Presence.PATH);
            }
        }
        try {
            return new SubscriptionsQuery(Presence.decode(parts[0]), parts.length == 2 ? Presence.decode(parts[1])
                    : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The path is not valid percent-encoding: " + e.getMessage(), e);
        }
    }

    /** The URL this asks for, spelled the way subscription events spell it, which tokens' selectors match. */
    String url() {
        if (selector == null) {
            return Presence.PATH;
        }
        String url = Presence.PATH + "/" + Presence.encode(selector);
        return subscriber == null ? url : url + "/" + Presence.encode(subscriber);
    }
}
