package dev.herald.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code application/x-www-form-urlencoded} text (a publish body, or a query string) into its fields, each with
 * its values in order. Herald reads forms itself so that it sees the body exactly once and can bound its size.
 */
public final class UrlEncodedForm {

    private final Map<String, List<String>> fields;

    private UrlEncodedForm(Map<String, List<String>> fields) {
        this.fields = fields;
    }

    /** @throws IllegalArgumentException when the text holds a broken {@code %} escape */
    public static UrlEncodedForm parse(String text) {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        if (text != null && !text.isEmpty()) {
            for (String pair : text.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int equals = pair.indexOf('=');
                String name = decode(equals < 0 ? pair : pair.substring(0, equals));
                String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
                fields.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
        }
        return new UrlEncodedForm(fields);
    }

    public List<String> all(String name) {
        return fields.getOrDefault(name, List.of());
    }

    /** The first value of the field, or {@code null} when it is absent. */
    public String first(String name) {
        List<String> values = fields.get(name);
        return values == null ? null : values.get(0);
    }

    public boolean has(String name) {
        return fields.containsKey(name);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' holds a broken %-escape (" + e.getMessage()
                    + "); write a literal '%' as %25.", e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "…";
    }
}
