package dev.herald.bench;

import org.HdrHistogram.Histogram;

/**
 * One measured interval of one scenario on one target.
 *
 * @param publishedPerSecond updates published per second
 * @param deliveriesPerSecond updates received per second, summed over all subscribers
 * @param latency            publish-to-receive latency, in nanoseconds
 * @param publishErrors      publications the hub refused or failed
 * @param connectionsLost    subscriber connections that ended during the interval
 */
record Measurement(double publishedPerSecond, double deliveriesPerSecond, Histogram latency, long publishErrors,
                   long connectionsLost) {

    double millis(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMillis() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e6;
    }
}
