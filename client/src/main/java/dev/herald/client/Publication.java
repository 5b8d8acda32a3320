package dev.herald.client;

import java.util.List;

/**
 * An update to publish with {@link HeraldClient#publish}: the same fields, and the same way of writing them, as
 * Herald's in-process {@code dev.herald.publish.Publication}. The hub checks them and refuses a bad one with a
 * {@link HubException} that names the field.
 *
 * <pre>{@code
 * client.publish(Publication.to("https://example.com/books/1").data("{\"title\":\"Dune\"}").type("book"));
 * }</pre>
 *
 * @param topics    the canonical topic first, then the alternates; at least one
 * @param data      the payload, or {@code null}
 * @param id        the update's id, or {@code null} for one the hub makes
 * @param type      the SSE {@code event} field, or {@code null}
 * @param isPrivate whether only subscribers allowed one of its topics may receive it
 * @param retry     the SSE {@code retry} field in milliseconds, or {@code null}
 */
public record Publication(List<String> topics, String data, String id, String type, boolean isPrivate, Long retry) {

    public Publication {
        topics = List.copyOf(topics);
        if (topics.isEmpty()) {
            throw new IllegalArgumentException("an update needs at least one topic");
        }
    }

    /** A public update on these topics (the first is the canonical one), without data yet. */
    public static Publication to(String... topics) {
        return new Publication(List.of(topics), null, null, null, false, null);
    }

    public Publication data(String newData) {
        return new Publication(topics, newData, id, type, isPrivate, retry);
    }

    public Publication id(String newId) {
        return new Publication(topics, data, newId, type, isPrivate, retry);
    }

    public Publication type(String newType) {
        return new Publication(topics, data, id, newType, isPrivate, retry);
    }

    public Publication asPrivate() {
        return new Publication(topics, data, id, type, true, retry);
    }

    public Publication retry(long millis) {
        return new Publication(topics, data, id, type, isPrivate, millis);
    }
}
