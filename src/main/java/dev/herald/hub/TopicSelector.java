package dev.herald.hub;

import com.google.re2j.Pattern;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a subscriber asks for, or a token allows: {@code *} for every topic, a topic compared exactly, or an RFC 6570
 * URI template matching every topic it can expand to. A selector is always tried as an exact topic first, so a topic
 * that happens to contain braces can still be selected by name.
 */
public final class TopicSelector {

    public static final String WILDCARD = "*";
    private static final int CACHE_LIMIT = 10_000;
    private static final Map<String, TopicSelector> CACHE = new ConcurrentHashMap<>();

    private static final int MATCHES_LIMIT = 10_000;

    private final String text;
    private final Pattern template;
    // Template matches are remembered per topic: most updates go to topics that were seen before.
    private final Map<String, Boolean> templateMatches;

    private TopicSelector(String text, Pattern template) {
        this.text = text;
        this.template = template;
        this.templateMatches = template == null ? null : new ConcurrentHashMap<>();
    }

    /** The selector for {@code text}; selectors are compiled once and shared. */
    public static TopicSelector of(String text) {
        TopicSelector cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        if (CACHE.size() >= CACHE_LIMIT) {
            CACHE.clear(); // a crude bound: selectors are cheap to compile again
        }
        Optional<Pattern> pattern = WILDCARD.equals(text) ? Optional.empty() : UriTemplate.compile(text);
        return CACHE.computeIfAbsent(text, key -> new TopicSelector(key, pattern.orElse(null)));
    }

    public String text() {
        return text;
    }

    public boolean isWildcard() {
        return WILDCARD.equals(text);
    }

    /** True when only the topic spelled exactly like this selector matches it. */
    public boolean isExact() {
        return template == null && !isWildcard();
    }

    public boolean matches(String topic) {
        return isWildcard() || text.equals(topic) || (template != null && matchesTemplate(topic));
    }

    private boolean matchesTemplate(String topic) {
        Boolean known = templateMatches.get(topic);
        if (known != null) {
            return known;
        }
        if (templateMatches.size() >= MATCHES_LIMIT) {
            templateMatches.clear();
        }
        boolean matches = template.matcher(topic).matches();
        templateMatches.put(topic, matches);
        return matches;
    }

    /** True when any of {@code topics} matches. */
    public boolean matchesAny(Iterable<String> topics) {
        for (String topic : topics) {
            if (matches(topic)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TopicSelector selector && selector.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
