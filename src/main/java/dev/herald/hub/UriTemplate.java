package dev.herald.hub;

import com.google.re2j.Pattern;
import java.util.Optional;

/**
 * Turns an RFC 6570 URI template into a pattern that matches the URIs it can expand to, as Mercure matches topics with
 * templates such as {@code https://example.com/books/{id}}. The template is read in one pass, and RE2 matches in time
 * linear in the topic, so neither compiling nor matching can be made slow by what a subscriber sends (its length and
 * expression count are bounded by {@link SelectorLimits}).
 */
final class UriTemplate {

    private static final String UNRESERVED = "[A-Za-z0-9\\-._~]|%[0-9A-Fa-f]{2}";
    private static final String RESERVED = "[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2}";
    private static final String OPERATORS = "+#./;?&";

    private UriTemplate() {
    }

    /** The pattern for {@code template}, or empty when it holds no expression or is not a valid template. */
    static Optional<Pattern> compile(String template) {
        if (template.indexOf('{') < 0) {
            return Optional.empty();
        }
        StringBuilder regex = new StringBuilder(template.length() * 4).append('^');
        int literalStart = 0;
        int position = 0;
        while (position < template.length()) {
            char c = template.charAt(position);
            if (c == '}') {
                return Optional.empty();
            }
            if (c != '{') {
                position++;
                continue;
            }
            int close = template.indexOf('}', position);
            if (close < 0) {
                return Optional.empty();
            }
            String expression = expression(template, position + 1, close);
            if (expression == null) {
                return Optional.empty();
            }
            appendLiteral(regex, template, literalStart, position);
            regex.append(expression);
            position = close + 1;
            literalStart = position;
        }
        appendLiteral(regex, template, literalStart, template.length());
        return Optional.of(Pattern.compile(regex.append('$').toString()));
    }

    private static void appendLiteral(StringBuilder regex, String template, int from, int to) {
        if (from < to) {
            regex.append(Pattern.quote(template.substring(from, to)));
        }
    }

    /**
     * The regex for the expression between {@code from} and {@code to}, by its operator; {@code null} when it is not
     * valid (empty, a nested brace, or a variable list that RFC 6570 does not allow).
     */
    private static String expression(String template, int from, int to) {
        if (from == to) {
            return null;
        }
        char operator = template.charAt(from);
        int variables = OPERATORS.indexOf(operator) >= 0 ? from + 1 : from;
        if (!isVariableList(template, variables, to)) {
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

    /** {@code name[:digits|*](,name[:digits|*])*}, names made of letters, digits, '_', '.' and '%'. */
    private static boolean isVariableList(String template, int from, int to) {
        int position = from;
        while (true) {
            int nameStart = position;
            while (position < to && isNameChar(template.charAt(position))) {
                position++;
            }
            if (position == nameStart) {
                return false;
            }
            if (position < to && template.charAt(position) == '*') {
                position++;
            } else if (position < to && template.charAt(position) == ':') {
                int digitsStart = ++position;
                while (position < to && template.charAt(position) >= '0' && template.charAt(position) <= '9') {
                    position++;
                }
                if (position == digitsStart) {
                    return false;
                }
            }
            if (position == to) {
                return true;
            }
            if (template.charAt(position) != ',') {
                return false;
            }
            position++;
        }
    }

    private static boolean isNameChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.'
                || c == '%';
    }
}
