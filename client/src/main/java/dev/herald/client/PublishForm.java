package dev.herald.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.StringJoiner;

/** A {@link Publication} as the body of a Mercure publish: {@code application/x-www-form-urlencoded}, UTF-8. */
final class PublishForm {

    static final String CONTENT_TYPE = "application/x-www-form-urlencoded";

    private PublishForm() {
    }

    static String encode(Publication update) {
        StringJoiner form = new StringJoiner("&");
        for (String topic : update.topics()) {
            add(form, "topic", topic);
        }
        if (update.data() != null) {
            add(form, "data", update.data());
        }
        if (update.id() != null) {
            add(form, "id", update.id());
        }
        if (update.type() != null) {
            add(form, "type", update.type());
        }
        if (update.isPrivate()) {
            // The spec: "private" present with any value makes the update private.
            add(form, "private", "on");
        }
        if (update.retry() != null) {
            add(form, "retry", update.retry().toString());
        }
        return form.toString();
    }

    private static void add(StringJoiner form, String name, String value) {
        form.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
