package io.fractallba.policy.pii;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds personal data and secrets of the selected kinds in a string. Thread-safe (the recognizers hold no state) and
 * linear-ish in the length of the text. The result is sorted by position and has no overlaps: where candidates
 * overlap, the more specific one wins (a checked structure or a vendor secret over an e-mail, IP or assignment, all of
 * those over a phone number), then the longer one, then the earlier one.
 */
public final class PiiDetector {

    private final Set<PiiKind> kinds;
    private final List<Recognizer> recognizers = new ArrayList<>();

    public PiiDetector(Set<PiiKind> kinds) {
        this.kinds = kinds.isEmpty() ? EnumSet.noneOf(PiiKind.class) : EnumSet.copyOf(kinds);
        // Order is the tie-break of last resort (stable sort): it only matters for equal specificity and length.
        if (this.kinds.contains(PiiKind.SECRET)) {
            recognizers.add(new SecretRecognizer());
        }
        if (this.kinds.contains(PiiKind.PAYMENT_CARD)) {
            recognizers.add(new PaymentCardRecognizer());
        }
        if (this.kinds.contains(PiiKind.IBAN)) {
            recognizers.add(new IbanRecognizer());
        }
        if (this.kinds.contains(PiiKind.NATIONAL_ID)) {
            recognizers.add(new NationalIdRecognizer());
        }
        if (this.kinds.contains(PiiKind.EMAIL)) {
            recognizers.add(new EmailRecognizer());
        }
        if (this.kinds.contains(PiiKind.IP_ADDRESS)) {
            recognizers.add(new IpAddressRecognizer());
        }
        if (this.kinds.contains(PiiKind.PHONE)) {
            recognizers.add(new PhoneRecognizer());
        }
    }

    /** A detector of every kind. */
    public static PiiDetector allKinds() {
        return new PiiDetector(EnumSet.allOf(PiiKind.class));
    }

    public Set<PiiKind> kinds() {
        return Collections.unmodifiableSet(kinds);
    }

    public List<PiiMatch> find(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        List<PiiMatch> candidates = new ArrayList<>();
        for (Recognizer r : recognizers) {
            r.find(text, candidates);
        }
        return resolve(candidates);
    }

    private static final Comparator<PiiMatch> PREFERENCE = Comparator
            .comparingInt(PiiDetector::specificity).reversed()
            .thenComparing(Comparator.comparingInt(PiiMatch::length).reversed())
            .thenComparingInt(PiiMatch::start);

    /** Keeps the preferred candidate of every overlapping group; sorted by start. */
    static List<PiiMatch> resolve(List<PiiMatch> candidates) {
        if (candidates.size() <= 1) {
            return List.copyOf(candidates);
        }
        List<PiiMatch> byPreference = new ArrayList<>(candidates);
        byPreference.sort(PREFERENCE);
        TreeMap<Integer, PiiMatch> kept = new TreeMap<>();
        for (PiiMatch m : byPreference) {
            Map.Entry<Integer, PiiMatch> before = kept.floorEntry(m.start());
            Map.Entry<Integer, PiiMatch> after = kept.ceilingEntry(m.start());
            if ((before != null && before.getValue().overlaps(m)) || (after != null && after.getValue().overlaps(m))) {
                continue;
            }
            kept.put(m.start(), m);
        }
        return List.copyOf(kept.values());
    }

    /**
     * How much a match's validation says: vendor secrets, PEM blocks and JWTs have an unmistakable structure, cards,
     * IBANs and national ids a check digit (3); e-mail, IP addresses and credential assignments a grammar (2); a phone
     * number is only a digit shape (1).
     */
    static int specificity(PiiMatch m) {
        return switch (m.kind()) {
            case SECRET -> switch (m.detail()) {
                case "password", "generic_secret", "bearer_token", "url_password" -> 2;
                default -> 4;
            };
            case PAYMENT_CARD, IBAN, NATIONAL_ID -> 3;
            case EMAIL, IP_ADDRESS -> 2;
            case PHONE -> 1;
        };
    }
}
