package dev.herald.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations written the way operators write them: {@code 15s}, {@code 500ms}, {@code 2m}, or ISO-8601 {@code PT15S}. */
public final class Durations {

    private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    private Durations() {
    }

    /**
     * @param key   the configuration key, named in the error message
     * @param value the text to read; a bare number means milliseconds
     * @throws IllegalArgumentException naming the key and the accepted forms
     */
    public static Duration parse(String key, String value) {
        String text = value.trim();
        Matcher matcher = SHORT_FORM.matcher(text);
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
            return switch (unit) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(key + " = '" + value
                    + "' is not a duration; write it like 15s, 500ms, 2m, 1h or PT15S", e);
        }
    }
}
