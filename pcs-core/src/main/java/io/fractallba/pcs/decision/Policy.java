package io.fractallba.pcs.decision;

/**
 * Versioned verification constants (docs/contract.md §4). A change of any constant is a new version, so an outcome
 * can always be traced to the exact rules that produced it.
 */
public record Policy(String name, int version,
                     double tolD, double tolCoh,
                     double alpha, double beta, double gamma, double base, double d0,
                     double budgetTolerance,
                     double stickyCohMin, double stickyDHatMax, double nonStickyDHatMin,
                     int minScale, int maxScale) {

    public static final Policy DEFAULT_V1 = new Policy("default", 1,
            0.15, 0.05,
            0.30, 0.50, 0.20, 0.10, 2.2,
            0.01,
            0.70, 1.5, 2.6,
            1, 1024);

    /** "default@1": how the policy is named in events and stored outcomes. */
    public String id() {
        return name + "@" + version;
    }
}
