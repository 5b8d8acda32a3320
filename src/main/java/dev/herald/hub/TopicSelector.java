package dev.herald.hub;

import com.google.re2j.Pattern;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a subscriber asks for, or a token allows: {@code *} for every topic, a topic compared exactly, or an RFC 6570
 * URI template matching every topic it can expand to. A selector is always tried as an exact topic first, so a topic
 * that happens to contain braces can still be selected by name.
 *
 * <p>Compiled selectors and template match results are cached, each cache bounded by the bytes it holds (estimated),
 * and emptied when full: what a client sends can make them churn, never grow.
 */
public final class TopicSelector {

    public static final String WILDCARD = "*";

    private static final long CACHE_BYTES = 16L * 1024 * 1024;
    private static final Map<String, TopicSelector> CACHE = new ConcurrentHashMap<>();
    private static final AtomicLong CACHED_BYTES = new AtomicLong();
    // Template matches are remembered per (selector, topic): most updates go to topics that were seen before.
    private static final long MATCHES_BYTES = 8L * 1024 * 1024;
    private static final Map<Match, Boolean> MATCHES = new ConcurrentHashMap<>();
    private static final AtomicLong MATCHED_BYTES = new AtomicLong();

    private final String text;
    private final Pattern template;

    private TopicSelector(String text, Pattern template) {
        this.text = text;
        this.template = template;
    }

    private record Match(String selector, String topic) {
    }

    /** The selector for {@code text}; selectors are compiled once and shared. */
    public static TopicSelector of(String text) {
        TopicSelector cached = CACHE.get(text);
        if (cached != null) {
            return cached;
        }
        Optional<Pattern> pattern = WILDCARD.equals(text) ? Optional.empty() : UriTemplate.compile(text);
        TopicSelector selector = new TopicSelector(text, pattern.orElse(null));
        // A compiled template holds its program: count it at about 32 bytes a character of the template.
        long bytes = 64L + 2L * text.length() + (pattern.isPresent() ? 32L * text.length() : 0);
        if (CACHED_BYTES.addAndGet(bytes) > CACHE_BYTES) {
            CACHE.clear();
            CACHED_BYTES.set(bytes);
        }
        TopicSelector previous = CACHE.putIfAbsent(text, selector);
        return previous != null ? previous : selector;
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
        Match key = new Match(text, topic);
        Boolean known = MATCHES.get(key);
        if (known != null) {
            return known;
        }
        boolean matches = template.matcher(topic).matches();
        long bytes = 96L + 2L * (text.length() + topic.length());
        if (MATCHED_BYTES.addAndGet(bytes) > MATCHES_BYTES) {
            MATCHES.clear();
            MATCHED_BYTES.set(bytes);
        }
        MATCHES.put(key, matches);
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
