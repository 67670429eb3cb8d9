package io.fractallba.policy.pii;

import java.util.List;

/**
 * One detector: appends every candidate it validates to {@code out}. Implementations are stateless (thread-safe) and
 * must run in time linear in the text: hand scanning, or regular expressions whose quantifiers are bounded or
 * possessive and that cannot restart inside a run they already consumed.
 */
interface Recognizer {

    void find(String text, List<PiiMatch> out);
}
