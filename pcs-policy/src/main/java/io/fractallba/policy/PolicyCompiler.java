package io.fractallba.policy;

import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.navigation.CelNavigableExpr;
import dev.cel.common.types.CelType;
import dev.cel.common.types.SimpleType;
import dev.cel.extensions.CelExtensions;
import dev.cel.optimizer.CelOptimizationException;
import dev.cel.optimizer.CelOptimizer;
import dev.cel.optimizer.CelOptimizerFactory;
import dev.cel.optimizer.optimizers.ConstantFoldingOptimizer;
import dev.cel.parser.CelStandardMacro;
import dev.cel.parser.CelUnparser;
import dev.cel.parser.CelUnparserFactory;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import dev.cel.runtime.CelRuntime;
import dev.cel.validator.CelValidator;
import dev.cel.validator.CelValidatorFactory;
import dev.cel.validator.validators.AstDepthLimitValidator;
import io.fractallba.pcs.canonical.PyFloat;
import io.fractallba.pcs.decision.ReasonCode;

import io.fractallba.policy.pii.PiiKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compiles a {@link PolicyDocument} against {@link PolicyEnvironment}: every expression parsed and type-checked
 * ({@code when} must be a bool, {@code message} a string), the cost limits of {@link PolicyLimits} enforced, and rules
 * that can never decide refused — a condition that folds to {@code false}, a rule after one whose condition folds to
 * {@code true} (the default too), a condition an earlier rule already tests. All problems are reported together, each
 * with the rule, the member and the position. Thread-safe; one instance serves every tenant.
 */
public final class PolicyCompiler {

    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    static final Pattern REASON = Pattern.compile("[a-z][a-z0-9_]{1,63}");
    /** Reasons the verifier gives itself: a structural failure, a failed recompute, a failed evaluation. */
    static final Set<String> RESERVED_REASONS = Set.of(ReasonCode.VALIDATION_FAILED.code(),
            ReasonCode.DHAT_RECOMPUTE_FAILED.code(), CompiledPolicy.EVALUATION_FAILED);

    private final PolicyLimits limits;
    private final Cel cel;
    private final CelValidator validator;
    private final CelOptimizer folder;
    private final CelUnparser unparser = CelUnparserFactory.newUnparser();

    public PolicyCompiler() {
        this(PolicyLimits.DEFAULT);
    }

    public PolicyCompiler(PolicyLimits limits) {
        this.limits = limits;
        CelOptions options = CelOptions.current()
                .populateMacroCalls(true)   // the unparser (duplicate-condition check) needs a macro's original call
                .maxExpressionCodePointSize(limits.maxExpressionLength())
                .comprehensionMaxIterations(limits.maxIterations())
                .maxRegexProgramSize(limits.maxRegexProgramSize())
                .build();
        var builder = CelFactory.standardCelBuilder()
                .setOptions(options)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .addCompilerLibraries(CelExtensions.math(options), CelExtensions.strings())
                .addRuntimeLibraries(CelExtensions.math(options), CelExtensions.strings())
                // repr(double): the shortest round-trip decimal, as the contract prints numbers in reasons.
                .addFunctionDeclarations(CelFunctionDecl.newFunctionDeclaration("repr",
                        CelOverloadDecl.newGlobalOverload("repr_double", SimpleType.STRING, SimpleType.DOUBLE)))
                .addFunctionBindings(CelFunctionBinding.from("repr_double", Double.class, PyFloat::repr));
        for (PolicyEnvironment.Variable v : PolicyEnvironment.VARIABLES) {
            builder.addVar(v.name(), v.type());
        }
        this.cel = builder.build();
        this.validator = CelValidatorFactory.standardCelValidatorBuilder(cel)
                .addAstValidators(AstDepthLimitValidator.newInstance(limits.maxAstDepth()))
                .build();
        this.folder = CelOptimizerFactory.standardCelOptimizerBuilder(cel)
                .addAstOptimizers(ConstantFoldingOptimizer.getInstance())
                .build();
    }

    public CompiledPolicy compile(PolicyDocument doc) throws PolicyValidationException {
        List<PolicyProblem> problems = new ArrayList<>();
        checkHeader(doc, problems);
        List<PolicyDocument.Rule> rules = doc.rules() == null ? List.of() : doc.rules();
        if (rules.size() > limits.maxRules()) {
            problems.add(PolicyProblem.of(null, "rules", "at most " + limits.maxRules() + " rules, got " + rules.size()));
        }
        List<CompiledPolicy.CompiledRule> compiled = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> seenConditions = new HashMap<>();
        String alwaysMatches = null;
        for (int i = 0; i < rules.size(); i++) {
            PolicyDocument.Rule r = rules.get(i);
            String name = r == null || r.name() == null ? "#" + (i + 1) : r.name();
            if (r == null) {
                problems.add(PolicyProblem.of(name, null, "rule is null"));
                continue;
            }
            if (r.name() == null || !NAME.matcher(r.name()).matches()) {
                problems.add(PolicyProblem.of(name, "name", "rule name must match " + NAME.pattern()));
            } else if (!names.add(r.name())) {
                problems.add(PolicyProblem.of(name, "name", "duplicate rule name"));
            }
            if (alwaysMatches != null) {
                problems.add(PolicyProblem.of(name, "when",
                        "unreachable: rule '" + alwaysMatches + "' before it always matches"));
            }
            Optional<Verdict> verdict = verdict(name, r.outcome(), r.reason(), problems);
            Optional<CelAbstractSyntaxTree> when = expression(name, "when", r.when(), SimpleType.BOOL, problems);
            Optional<CelAbstractSyntaxTree> message = r.message() == null ? Optional.empty()
                    : expression(name, "message", r.message(), SimpleType.STRING, problems);
            if (r.message() != null && message.isEmpty()) {
                continue;
            }
            if (when.isEmpty() || verdict.isEmpty()) {
                continue;
            }
            CelAbstractSyntaxTree folded = fold(when.get());
            Optional<Boolean> constant = constantBool(folded);
            if (constant.isPresent() && !constant.get()) {
                problems.add(PolicyProblem.of(name, "when", "unreachable: the condition is always false"));
                continue;
            }
            if (constant.isPresent()) {
                alwaysMatches = name;
            }
            String canonical = canonical(folded, r.when());
            String earlier = seenConditions.putIfAbsent(canonical, name);
            if (earlier != null) {
                problems.add(PolicyProblem.of(name, "when",
                        "unreachable: rule '" + earlier + "' before it tests the same condition"));
                continue;
            }
            compiled.add(new CompiledPolicy.CompiledRule(r.name(), verdict.get(), r.reason(),
                    program(folded), message.map(this::program).orElse(null),
                    readsRegime(when.get())));
        }
        CompiledPolicy.CompiledRule fallback = compileDefault(doc.defaultDecision(), alwaysMatches, problems);
        PiiPolicy pii = compilePii(doc.pii(), problems);
        boolean vrfRequired = compileVrf(doc.vrf(), problems);
        if (!problems.isEmpty()) {
            throw new PolicyValidationException(problems);
        }
        return new CompiledPolicy(doc, List.copyOf(compiled), fallback, pii, vrfRequired);
    }

    private static PiiPolicy compilePii(PolicyDocument.Pii pii, List<PolicyProblem> problems) {
        if (pii == null) {
            return PiiPolicy.OFF;
        }
        Optional<PiiMode> mode = pii.mode() == null ? Optional.empty() : PiiMode.fromWire(pii.mode());
        if (mode.isEmpty()) {
            problems.add(PolicyProblem.of(null, "pii.mode", "pii.mode must be one of off, detect, block, redact"));
        }
        Set<PiiKind> kinds = pii.kinds() == null ? EnumSet.allOf(PiiKind.class) : selectedKinds(pii.kinds(), problems);
        return mode.filter(m -> m != PiiMode.OFF).map(m -> new PiiPolicy(m, kinds)).orElse(PiiPolicy.OFF);
    }

    private static Set<PiiKind> selectedKinds(List<String> codes, List<PolicyProblem> problems) {
        Set<PiiKind> kinds = EnumSet.noneOf(PiiKind.class);
        if (codes.isEmpty()) {
            problems.add(PolicyProblem.of(null, "pii.kinds", "pii.kinds is empty: leave it out to screen every kind, "
                    + "or set pii.mode to off"));
        }
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            Optional<PiiKind> kind = code == null ? Optional.empty() : PiiKind.ofCode(code);
            if (kind.isEmpty()) {
                problems.add(PolicyProblem.of(null, "pii.kinds[" + i + "]", "unknown PII kind '" + code
                        + "'; known: " + java.util.Arrays.stream(PiiKind.values()).map(PiiKind::code).toList()));
            } else if (!kinds.add(kind.get())) {
                problems.add(PolicyProblem.of(null, "pii.kinds[" + i + "]", "'" + code + "' is listed twice"));
            }
        }
        return kinds;
    }

    private static boolean compileVrf(PolicyDocument.Vrf vrf, List<PolicyProblem> problems) {
        if (vrf == null) {
            return false;
        }
        if (vrf.required() == null) {
            problems.add(PolicyProblem.of(null, "vrf.required", "vrf.required must be true or false"));
            return false;
        }
        return vrf.required();
    }

    private void checkHeader(PolicyDocument doc, List<PolicyProblem> problems) {
        if (doc.name() == null || !NAME.matcher(doc.name()).matches()) {
            problems.add(PolicyProblem.of(null, "name", "policy name must match " + NAME.pattern()));
        }
        if (doc.version() == null || doc.version() < 1) {
            problems.add(PolicyProblem.of(null, "version", "version must be a positive integer"));
        }
    }

    private CompiledPolicy.CompiledRule compileDefault(PolicyDocument.Decision d, String alwaysMatches,
                                                       List<PolicyProblem> problems) {
        if (d == null) {
            problems.add(PolicyProblem.of(null, "default",
                    "the policy has no default: say what happens when no rule matches"));
            return null;
        }
        if (alwaysMatches != null) {
            problems.add(PolicyProblem.of("default", "default",
                    "unreachable: rule '" + alwaysMatches + "' always matches"));
        }
        Optional<Verdict> verdict = verdict("default", d.outcome(), d.reason(), problems);
        Optional<CelAbstractSyntaxTree> message = d.message() == null ? Optional.empty()
                : expression("default", "message", d.message(), SimpleType.STRING, problems);
        if (verdict.isEmpty() || (d.message() != null && message.isEmpty())) {
            return null;
        }
        return new CompiledPolicy.CompiledRule("default", verdict.get(), d.reason(), null,
                message.map(this::program).orElse(null), false);
    }

    private static Optional<Verdict> verdict(String rule, String outcome, String reason, List<PolicyProblem> problems) {
        Optional<Verdict> v = outcome == null ? Optional.empty() : Verdict.fromWire(outcome);
        if (v.isEmpty()) {
            problems.add(PolicyProblem.of(rule, "outcome", "outcome must be one of accept, escalate, reject"));
            return v;
        }
        if (v.get() == Verdict.ACCEPT) {
            if (reason != null) {
                problems.add(PolicyProblem.of(rule, "reason", "an accepting rule has no reason code"));
            }
            return v;
        }
        if (reason == null || !REASON.matcher(reason).matches()) {
            problems.add(PolicyProblem.of(rule, "reason",
                    "an escalating or rejecting rule needs a reason code matching " + REASON.pattern()));
            return Optional.empty();
        }
        if (RESERVED_REASONS.contains(reason)) {
            problems.add(PolicyProblem.of(rule, "reason", "'" + reason + "' is the verifier's own reason code"));
            return Optional.empty();
        }
        return v;
    }

    private Optional<CelAbstractSyntaxTree> expression(String rule, String field, String source, CelType expected,
                                                       List<PolicyProblem> problems) {
        if (source == null || source.isBlank()) {
            problems.add(PolicyProblem.of(rule, field, "expression is missing"));
            return Optional.empty();
        }
        CelValidationResult result = cel.compile(source);
        if (result.hasError()) {
            addIssues(rule, field, source, result.getErrors(), problems);
            return Optional.empty();
        }
        CelAbstractSyntaxTree ast;
        try {
            ast = result.getAst();
        } catch (CelValidationException e) {
            addIssues(rule, field, source, e.getErrors(), problems);
            return Optional.empty();
        }
        CelValidationResult limitsCheck = validator.validate(ast);
        if (limitsCheck.hasError()) {
            addIssues(rule, field, source, limitsCheck.getErrors(), problems);
            return Optional.empty();
        }
        int nesting = comprehensionNesting(ast);
        if (nesting > limits.maxComprehensionNesting()) {
            problems.add(new PolicyProblem(rule, field, 1, 1, "comprehensions nested " + nesting
                    + " deep; at most " + limits.maxComprehensionNesting() + " (each may iterate "
                    + limits.maxIterations() + " times)"));
            return Optional.empty();
        }
        // dyn is refused too: a value whose type is only known at run time could be anything but a bool.
        if (!ast.getResultType().equals(expected)) {
            problems.add(new PolicyProblem(rule, field, 1, 1, "must be of type " + expected.name() + ", is "
                    + ast.getResultType().name()));
            return Optional.empty();
        }
        return Optional.of(ast);
    }

    /**
     * The deepest chain of comprehensions inside comprehensions (the published CEL jar has no validator for it):
     * with n levels one evaluation may iterate maxIterations^n times.
     */
    private static int comprehensionNesting(CelAbstractSyntaxTree ast) {
        return nesting(CelNavigableAst.fromAst(ast).getRoot());
    }

    private static int nesting(CelNavigableExpr node) {
        int below = node.<CelNavigableExpr>children().mapToInt(PolicyCompiler::nesting).max().orElse(0);
        return below + (node.getKind() == CelExpr.ExprKind.Kind.COMPREHENSION ? 1 : 0);
    }

    private static void addIssues(String rule, String field, String source, List<CelIssue> issues,
                                  List<PolicyProblem> problems) {
        for (CelIssue issue : issues) {
            int line = issue.getSourceLocation().getLine();
            int column = issue.getSourceLocation().getColumn();
            String message = issue.getMessage();
            if (message.startsWith("undeclared reference") && line >= 1) {
                message = unknownName(source, line, column).orElse(message);
            }
            problems.add(new PolicyProblem(rule, field, line < 1 ? null : line, line < 1 ? null : column + 1,
                    message));
        }
    }

    private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

    /**
     * CEL names only the first segment of an unknown qualified name ("pcs"); the whole name as written and the
     * variables declared under the same root say more.
     */
    private static Optional<String> unknownName(String source, int line, int column) {
        String[] lines = source.split("\n", -1);
        if (line > lines.length || column >= lines[line - 1].length()) {
            return Optional.empty();
        }
        var m = QUALIFIED.matcher(lines[line - 1]);
        if (!m.find(column) || m.start() != column) {
            return Optional.empty();
        }
        String name = m.group();
        String root = name.contains(".") ? name.substring(0, name.indexOf('.') + 1) : name;
        List<String> siblings = PolicyEnvironment.VARIABLES.stream().map(PolicyEnvironment.Variable::name)
                .filter(v -> v.startsWith(root)).toList();
        return Optional.of("unknown name '" + name + "'" + (siblings.isEmpty()
                ? "; the environment is in docs/policies.md" : "; declared: " + String.join(", ", siblings)));
    }

    private CelAbstractSyntaxTree fold(CelAbstractSyntaxTree ast) {
        try {
            return folder.optimize(ast);
        } catch (CelOptimizationException e) {
            // Folding is an optimisation: an expression it cannot fold is evaluated as written.
            return ast;
        }
    }

    /** The condition as CEL prints it after folding; the source text when it cannot be printed. */
    private String canonical(CelAbstractSyntaxTree folded, String source) {
        try {
            return unparser.unparse(folded);
        } catch (RuntimeException e) {
            return source.strip();
        }
    }

    private static Optional<Boolean> constantBool(CelAbstractSyntaxTree ast) {
        CelExpr e = ast.getExpr();
        if (e.getKind() == CelExpr.ExprKind.Kind.CONSTANT
                && e.constant().getKind() == dev.cel.common.ast.CelConstant.Kind.BOOLEAN_VALUE) {
            return Optional.of(e.constant().booleanValue());
        }
        return Optional.empty();
    }

    private static boolean readsRegime(CelAbstractSyntaxTree ast) {
        return ast.getReferenceMap().values().stream()
                .anyMatch(ref -> PolicyEnvironment.RECOMPUTED_REGIME.equals(ref.name()));
    }

    private CelRuntime.Program program(CelAbstractSyntaxTree ast) {
        try {
            return cel.createProgram(ast);
        } catch (CelEvaluationException e) {
            throw new IllegalStateException("a type-checked expression did not plan: " + e.getMessage(), e);
        }
    }
}
