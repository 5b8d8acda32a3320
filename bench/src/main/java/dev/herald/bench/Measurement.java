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
 * @param serverCpu          the server's processor time during the interval
 * @param deliveries         updates received during the interval, summed over all subscribers
 * @param publishLatency     from sending each publish request until its response, in nanoseconds
 */
record Measurement(double publishedPerSecond, double deliveriesPerSecond, Histogram latency, long publishErrors,
                   long connectionsLost, CpuTime serverCpu, long deliveries, Histogram publishLatency) {

    /**
     * The server's processor time per delivery, in microseconds, or NaN when not known: steadier than latency on a
     * shared machine, so it is what tells one change from the next.
     */
    double cpuMicrosPerDelivery() {
        return serverCpu.known() && deliveries > 0
                ? (serverCpu.userNanos() + serverCpu.kernelNanos()) / 1e3 / deliveries : Double.NaN;
    }

    /** The kernel's part of {@link #cpuMicrosPerDelivery()}. */
    double kernelMicrosPerDelivery() {
        return serverCpu.known() && deliveries > 0 ? serverCpu.kernelNanos() / 1e3 / deliveries : Double.NaN;
    }

    double millis(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1e6;
    }

    double maxMillis() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1e6;
    }

    /** A percentile of the publish requests' response time, in milliseconds. */
    double publishMillis(double percentile) {
        return publishLatency.getTotalCount() == 0 ? Double.NaN
                : publishLatency.getValueAtPercentile(percentile) / 1e6;
    }

    double publishMaxMillis() {
        return publishLatency.getTotalCount() == 0 ? Double.NaN : publishLatency.getMaxValue() / 1e6;
    }
}
