package dev.herald.bench;

import java.util.List;

/**
 * One measured interval with the subscribers split over a cluster's nodes: all of them together (deliveries summed,
 * latencies merged, the whole cluster's processor time), and each node's subscribers alone (their own deliveries and
 * latency; the publish figures are the same for all, the processor time is not split and is unknown there).
 *
 * @param all   every subscriber, on whichever node
 * @param nodes the subscribers of each node, in the order of {@link Target#nodes()}
 */
record Split(Measurement all, List<Measurement> nodes) {
}
