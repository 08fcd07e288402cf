package io.runnel.broker.group;

/**
 * Reconciliation state of a consumer-protocol (KIP-848) member, see {@link Reconciler}. The byte code is the
 * persisted form (never reorder).
 */
public enum MemberState {
    /** The member owns exactly its target assignment at the target epoch. */
    STABLE((byte) 0, "stable"),
    /** The member must first give up partitions (it keeps its epoch until it acknowledges the revocation). */
    UNREVOKED_PARTITIONS((byte) 1, "unrevoked_partitions"),
    /** The member is at the target epoch but waits for partitions other members have not released yet. */
    UNRELEASED_PARTITIONS((byte) 2, "unreleased_partitions");

    private final byte code;
    private final String label;

    MemberState(byte code, String label) {
        this.code = code;
        this.label = label;
    }

    public byte code() {
        return code;
    }

    @Override
    public String toString() {
        return label;
    }

    public static MemberState fromCode(byte code) {
        for (MemberState s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown member state code " + code);
    }
}
