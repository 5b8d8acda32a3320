package dev.herald.hub;

import com.google.re2j.Pattern;
import java.util.Optional;

/**
 * Turns an RFC 6570 URI template into a pattern that matches the URIs it can expand to, as Mercure matches topics with
 * templates such as {@code https://example.com/books/{id}}. RE2 runs in linear time, so a subscriber cannot send a
 * selector that makes matching slow.
 */
final class UriTemplate {

    private static final String UNRESERVED = "[A-Za-z0-9\\-._~]|%[0-9A-Fa-f]{2}";
    private static final String RESERVED = "[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2}";

    private UriTemplate() {
    }

    /** The pattern for {@code template}, or empty when it holds no expression or is not a valid template. */
    static Optional<Pattern> compile(String template) {
        if (template.indexOf('{') < 0) {
            return Optional.empty();
        }
        StringBuilder regex = new StringBuilder("^");
        int position = 0;
        while (position < template.length()) {
            int open = template.indexOf('{', position);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (open < 0) {
                regex.append(Pattern.quote(template.substring(position)));
                break;
            }
            if (close < 0 || template.indexOf('}', position) < open) {
                return Optional.empty();
            }
            regex.append(Pattern.quote(template.substring(position, open)));
            String expression = expression(template.substring(open + 1, close));
            if (expression == null) {
                return Optional.empty();
            }
            regex.append(expression);
            position = close + 1;
        }
        if (template.indexOf('}', position) >= 0) {
            return Optional.empty();
        }
        return Optional.of(Pattern.compile(regex.append('$').toString()));
    }

    /** The regex for one {@code {…}} expression, by its operator; {@code null} when it is not valid. */
    private static String expression(String body) {
        if (body.isEmpty()) {
            return null;
        }
        char operator = body.charAt(0);
        String variables = "+#./;?&".indexOf(operator) >= 0 ? body.substring(1) : body;
        if (!variables.matches("[A-Za-z0-9_.%]+(:[0-9]+|\\*)?(,[A-Za-z0-9_.%]+(:[0-9]+|\\*)?)*")) {
            return null;
        }
        return switch (operator) {
            case '+' -> "(?:" + RESERVED + ")*";
            case '#' -> "(?:#(?:" + RESERVED + ")*)?";
            case '.' -> "(?:\\.(?:" + UNRESERVED + "|,)*)?";
            case '/' -> "(?:/(?:" + UNRESERVED + "|[,/])*)?";
            case ';' -> "(?:;(?:" + UNRESERVED + "|[,;=])*)?";
            case '?' -> "(?:\\?(?:" + UNRESERVED + "|[,&=])*)?";
            case '&' -> "(?:&(?:" + UNRESERVED + "|[,&=])*)?";
            default -> "(?:" + UNRESERVED + "|,)*";
        };
    }
}
