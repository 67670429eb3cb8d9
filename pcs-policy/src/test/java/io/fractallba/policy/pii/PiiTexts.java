package io.fractallba.policy.pii;

import java.util.List;

/** What a detector finds in a text, written "kind/detail:value", for compact assertions. */
final class PiiTexts {

    static final PiiDetector ALL = PiiDetector.allKinds();

    private PiiTexts() {
    }

    static List<String> found(String text) {
        return found(ALL, text);
    }

    static List<String> found(PiiDetector detector, String text) {
        return detector.find(text).stream()
                .map(m -> m.kind().code() + "/" + m.detail() + ":" + text.substring(m.start(), m.end()))
                .toList();
    }

    /** The values found of one kind. */
    static List<String> values(PiiKind kind, String text) {
        return ALL.find(text).stream().filter(m -> m.kind() == kind)
                .map(m -> text.substring(m.start(), m.end())).toList();
    }
}
