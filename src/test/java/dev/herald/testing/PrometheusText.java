package dev.herald.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A scrape in the Prometheus text format (0.0.4), parsed strictly enough to fail on anything Prometheus would refuse:
 * every line is a {@code # HELP}/{@code # TYPE} comment or {@code name{labels} value}, and every sample's family has
 * a {@code # TYPE}.
 */
public final class PrometheusText {

    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)");

    private final Map<String, String> types = new LinkedHashMap<>();
    private final Map<String, Double> samples = new LinkedHashMap<>();

    private PrometheusText() {
    }

    /** @throws AssertionError naming the first line that is not valid */
    public static PrometheusText parse(String text) {
        PrometheusText parsed = new PrometheusText();
        for (String line : text.split("\n")) {
            Matcher type = TYPE.matcher(line);
            Matcher sample = SAMPLE.matcher(line);
            if (type.matches()) {
                parsed.types.put(type.group(1), type.group(2));
            } else if (line.startsWith("# HELP ") || line.isEmpty()) {
                continue;
            } else if (sample.matches()) {
                String name = sample.group(1);
                if (parsed.types.keySet().stream().noneMatch(name::startsWith)) {
                    throw new AssertionError("a sample without a # TYPE before it: " + line);
                }
                parsed.samples.put(name + (sample.group(2) == null ? "" : sample.group(2)),
                        Double.valueOf(sample.group(3)));
            } else {
                throw new AssertionError("not a line of the Prometheus text format: '" + line + "'");
            }
        }
        return parsed;
    }

    /** The family's type ({@code counter}, {@code gauge}, …), or null. */
    public String type(String family) {
        return types.get(family);
    }

    /**
     * The value of one series, e.g. {@code herald_refused_total{reason="unauthorized"}} (labels as the scrape writes
     * them), or {@code null} when the scrape has no such series.
     */
    public Double value(String series) {
        return samples.get(series);
    }

    /** The value of one series; fails when it is missing. */
    public double require(String series) {
        Double value = value(series);
        if (value == null) {
            throw new AssertionError("no series " + series + " in the scrape; it has " + samples.keySet());
        }
        return value;
    }

    public Map<String, Double> samples() {
        return samples;
    }
}
