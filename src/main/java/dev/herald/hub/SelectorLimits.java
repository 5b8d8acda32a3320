package dev.herald.hub;

import dev.herald.config.HeraldConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounds on what a subscriber may ask for, checked before anything is compiled: matching costs grow with the
 * number of selectors, their length and the expressions in their templates, and anonymous clients choose all three.
 *
 * @param maxLength      the longest selector, in characters
 * @param maxExpressions the most {@code {…}} expressions in one selector
 * @param maxSelectors   the most selectors in one subscription
 */
public record SelectorLimits(int maxLength, int maxExpressions, int maxSelectors) {

    public static SelectorLimits of(HeraldConfig config) {
        return new SelectorLimits(config.selectorMaxLength(), config.selectorMaxExpressions(),
                config.subscriptionMaxSelectors());
    }

    /**
     * @return the compiled selectors
     * @throws IllegalArgumentException naming the limit that was passed and its {@code herald.*} key
     */
    public List<TopicSelector> selectors(List<String> texts) {
        if (texts.size() > maxSelectors) {
            throw new IllegalArgumentException("The subscription has " + texts.size() + " topic selectors; at most "
                    + maxSelectors + " are accepted (" + HeraldConfig.SUBSCRIPTION_MAX_SELECTORS + ").");
        }
        List<TopicSelector> selectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            if (text.length() > maxLength) {
                throw new IllegalArgumentException("A topic selector has " + text.length() + " characters; at most "
                        + maxLength + " are accepted (" + HeraldConfig.SELECTOR_MAX_LENGTH + ").");
            }
            long expressions = text.chars().filter(c -> c == '{').count();
            if (expressions > maxExpressions) {
                throw new IllegalArgumentException("A topic selector holds " + expressions + " '{' expressions; at"
                        + " most " + maxExpressions + " are accepted (" + HeraldConfig.SELECTOR_MAX_EXPRESSIONS + ").");
            }
            selectors.add(TopicSelector.of(text));
        }
        return selectors;
    }
}
