package dev.herald.bench;

/**
 * Processor time a server used, split into its own code and the kernel's work for it (mostly socket writes), in
 * nanoseconds.
 */
record CpuTime(long userNanos, long kernelNanos) {

    static final CpuTime UNKNOWN = new CpuTime(-1, -1);

    boolean known() {
        return userNanos >= 0;
    }

    CpuTime since(CpuTime before) {
        return known() && before.known()
                ? new CpuTime(userNanos - before.userNanos, kernelNanos - before.kernelNanos) : UNKNOWN;
    }
}
