package dev.herald.publish;

import java.util.List;

/**
 * An update as an application's Java code publishes it, through the {@link Publisher} or as a CDI event (published
 * only once the firing transaction has committed). The same rules hold as for an HTTP publish: they are checked when it
 * is published, and break it with an {@link IllegalArgumentException} that names the field.
 *
 * <pre>{@code
 * publisher.publish(Publication.to("https://example.com/books/1").data("{\"title\":\"Dune\"}"));
 * bookChanged.fire(Publication.to("https://example.com/books/1").data(json).asPrivate());  // after commit
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
    }

    /** A public update on these topics (the first is the canonical one), without data yet. */
    public static Publication to(String... topics) {
        return new Publication(List.of(topics), null, null, null, false, null);
    }

    public Publication data(String data) {
        return new Publication(topics, data, id, type, isPrivate, retry);
    }

    public Publication id(String id) {
        return new Publication(topics, data, id, type, isPrivate, retry);
    }

    public Publication type(String type) {
        return new Publication(topics, data, id, type, isPrivate, retry);
    }

    public Publication asPrivate() {
        return new Publication(topics, data, id, type, true, retry);
    }

    public Publication retry(long millis) {
        return new Publication(topics, data, id, type, isPrivate, millis);
    }
}
