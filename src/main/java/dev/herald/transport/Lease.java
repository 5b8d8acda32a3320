package dev.herald.transport;

import java.time.Duration;

/**
 * A right that at most one node of a cluster holds at a time, for a while: the one that holds the counter's lease is
 * the one that ticks. Its holder renews it well before it runs out; when the holder dies, it runs out and another node
 * takes it.
 */
public interface Lease {

    /** The lease of a server alone: always its own. */
    Lease SOLE = new Lease() {
        @Override
        public boolean acquire(Duration ttl) {
            return true;
        }

        @Override
        public boolean held() {
            return true;
        }

        @Override
        public void release() {
        }
    };

    /**
     * Takes the lease if nobody holds it, or renews it if this node does, for {@code ttl} from now.
     *
     * @return whether this node holds it now; false also when the cluster cannot be reached
     */
    boolean acquire(Duration ttl);

    /** Whether this node held the lease when it last tried. */
    boolean held();

    /** Gives the lease up at once, if this node holds it, so that another node need not wait for it to run out. */
    void release();
}
