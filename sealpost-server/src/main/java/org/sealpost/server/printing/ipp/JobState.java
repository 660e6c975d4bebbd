package org.sealpost.server.printing.ipp;

/** IPP job-state (RFC 8011 section 5.3.7). */
public enum JobState {
    PENDING(3),
    PENDING_HELD(4),
    PROCESSING(5),
    PROCESSING_STOPPED(6),
    CANCELED(7),
    ABORTED(8),
    COMPLETED(9);

    private final int value;

    JobState(int value) {
        this.value = value;
    }

    public int value() {
        return value;
    }

    public static JobState of(int value) {
        for (JobState s : values()) {
            if (s.value == value) {
                return s;
            }
        }
        throw new IppException("unknown job-state " + value);
    }

    /** Completed, canceled or aborted: the job will not change any more. */
    public boolean terminal() {
        return this == COMPLETED || this == CANCELED || this == ABORTED;
    }
}
