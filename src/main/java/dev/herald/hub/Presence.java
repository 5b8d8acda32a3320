package dev.herald.hub;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Mercure's active subscriptions: each topic selector of a subscriber is one subscription, named by the relative URL
 * {@code /.well-known/mercure/subscriptions/{selector}/{subscriber}} (both parts percent-encoded). That URL is the
 * topic of the private update the hub publishes when the subscription starts ({@code active: true}) and ends
 * ({@code active: false}), and the id of its JSON-LD description, in those updates and in the subscriptions API.
 */
public final class Presence {

    /** Where subscription events are published and the subscriptions API answers; no publisher may publish here. */
    public static final String PATH = "/.well-known/mercure/subscriptions";
    public static final String CONTEXT = "https://mercure.rocks/";

    private static final String UNRESERVED = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
    private static final String HEX = "0123456789ABCDEF";

    private Presence() {
    }

    /** True for the topics of subscription events, which only the hub itself publishes. */
    public static boolean isReserved(String topic) {
        return topic.equals(PATH) || topic.startsWith(PATH + "/");
    }

    /** The URL (and topic) of one subscription. */
    public static String id(String selector, String subscriberId) {
        return PATH + "/" + encode(selector) + "/" + encode(subscriberId);
    }

    /** The subscription's JSON-LD description, without {@code @context}, which a collection states once. */
    public static JsonObjectBuilder describe(Subscriber subscriber, TopicSelector selector, boolean active) {
        JsonObjectBuilder description = Json.createObjectBuilder()
                .add("id", id(selector.text(), subscriber.id()))
                .add("type", "Subscription")
                .add("topic", selector.text())
                .add("subscriber", subscriber.id())
                .add("active", active);
        if (subscriber.payload() != null) {
            description.add("payload", subscriber.payload());
        }
        return description;
    }

    /**
     * A subscription event, with what the hub's roster of active subscriptions records with it.
     *
     * @param subscription the subscription's id (and the event's topic)
     * @param description  its JSON-LD description while it is active (without {@code @context}), {@code null} once it
     *                     ended
     * @param update       the private update that says so
     */
    public record Event(String subscription, String description, Update update) {
    }

    /** One event per selector, saying that the subscriber's subscriptions started or ended. */
    public static List<Event> events(Subscriber subscriber, boolean active) {
        List<Event> events = new ArrayList<>(subscriber.selectors().size());
        for (TopicSelector selector : subscriber.selectors()) {
            String subscription = id(selector.text(), subscriber.id());
            JsonObject description = describe(subscriber, selector, true).build();
            events.add(new Event(subscription, active ? description.toString() : null,
                    update(subscription, description, active)));
        }
        return events;
    }

    /**
     * The end of a subscription known only by the description its start recorded: what a server publishes for the
     * subscriptions of a server that died.
     *
     * @throws jakarta.json.JsonException when the description is not a JSON object
     */
    public static Update ended(String subscription, String description) {
        return update(subscription, Json.createReader(new StringReader(description)).readObject(), false);
    }

    private static Update update(String subscription, JsonObject description, boolean active) {
        String data = Json.createObjectBuilder().add("@context", CONTEXT)
                .addAll(Json.createObjectBuilder(description)).add("active", active).build().toString();
        return Update.of(null, List.of(subscription), data, true, null, null);
    }

    /**
     * Percent-encodes every byte of the UTF-8 text except RFC 3986's unreserved characters, so that a selector (which
     * holds {@code /}, {@code {}} and {@code :}) is one path segment, and a {@code {/topic}} template expression
     * matches it.
     */
    public static String encode(String text) {
        StringBuilder encoded = new StringBuilder(text.length() * 3);
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0 && UNRESERVED.indexOf(b) >= 0) {
                encoded.append((char) b);
            } else {
                encoded.append('%').append(HEX.charAt((b >> 4) & 0xF)).append(HEX.charAt(b & 0xF));
            }
        }
        return encoded.toString();
    }

    /**
     * Undoes {@link #encode} (and any other percent-encoding of UTF-8; {@code +} stays a plus).
     *
     * @throws IllegalArgumentException when a {@code %} is not followed by two hex digits, or the bytes are not UTF-8
     */
    public static String decode(String segment) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        int i = 0;
        while (i < segment.length()) {
            int c = segment.codePointAt(i);
            if (c != '%') {
                bytes.writeBytes(new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(c);
                continue;
            }
            int high = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(segment.charAt(i + 2), 16);
            if (low < 0) {
                throw new IllegalArgumentException("'%' must be followed by two hex digits, as in %2F");
            }
            bytes.write(high << 4 | low);
            i += 3;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the percent-encoded bytes are not UTF-8");
        }
    }
}
