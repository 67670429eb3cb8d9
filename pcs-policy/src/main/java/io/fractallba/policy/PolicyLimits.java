package io.fractallba.policy;

/**
 * What bounds a policy's evaluation cost, so that no published policy can stall the verifier (docs/policies.md,
 * "Cost"). CEL has no loops beyond its comprehension macros and no recursion, so the cost of one evaluation is bounded
 * by the expression sizes, the AST depth, the comprehension nesting and the iterations each comprehension may make.
 * Regular expressions run on RE2 (linear time), with a bounded program size.
 *
 * @param maxRules              rules per policy
 * @param maxExpressionLength   code points per expression ({@code when} or {@code message})
 * @param maxAstDepth           nesting depth of one expression's syntax tree
 * @param maxComprehensionNesting comprehensions inside comprehensions (1: {@code all}/{@code exists} over a list,
 *                              not over a list inside another)
 * @param maxIterations         iterations of one comprehension (the contract allows at most 1,024 scales)
 * @param maxRegexProgramSize   RE2 program size of one regular expression
 */
public record PolicyLimits(int maxRules, int maxExpressionLength, int maxAstDepth, int maxComprehensionNesting,
                           int maxIterations, int maxRegexProgramSize) {

    public static final PolicyLimits DEFAULT = new PolicyLimits(64, 2048, 32, 1, 1100, 256);
}
