package io.fractallba.e2e;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Native-image readiness that can be checked without GraalVM (docs/native.md): in a native executable Jackson can
 * only (de)serialise a type whose constructors and accessors were registered for reflection at build time. Quarkus
 * registers the types of REST endpoints itself, but not what a service writes or reads through its own ObjectMapper
 * (events, snapshots, stored documents). For every service, every type of the service or of the suite's libraries it
 * carries that Jackson binds by annotation ({@code @JsonProperty}, {@code @JsonCreator}) must be registered by a
 * {@code @RegisterForReflection} the service's build sees — else the native service fails at run time on its first
 * event. The check reads the compiled classes as Quarkus' build does (Jandex).
 */
class NativeReflectionTest {

    private static final List<String> SERVICES = List.of("verifier-service", "dedup-service", "audit-service",
            "hrs-service", "ensemble-service", "cost-service", "crr-shipper");
    private static final Pattern SUITE_MODULE = Pattern.compile("<artifactId>((?:pcs|service)-[a-z]+)</artifactId>");
    private static final Set<DotName> BOUND = Set.of(
            DotName.createSimple("com.fasterxml.jackson.annotation.JsonProperty"),
            DotName.createSimple("com.fasterxml.jackson.annotation.JsonCreator"));
    private static final DotName REGISTER = DotName.createSimple("io.quarkus.runtime.annotations.RegisterForReflection");

    @TestFactory
    Stream<DynamicTest> everyJacksonBoundTypeIsRegisteredForReflection() {
        Path root = projectRoot();
        return SERVICES.stream().map(service -> DynamicTest.dynamicTest(service, () -> {
            Set<String> modules = new LinkedHashSet<>();
            modules.add(service);
            modules.addAll(libraries(root, service));
            Indexer all = new Indexer();
            Indexer seenByQuarkus = new Indexer();
            for (String m : modules) {
                Path classes = root.resolve(m).resolve("target/classes");
                index(all, classes);
                // Quarkus reads annotations only in the application and in jars it indexes (a beans.xml or a Jandex
                // index): a @RegisterForReflection elsewhere would be ignored by the native build.
                if (m.equals(service) || Files.exists(classes.resolve("META-INF/beans.xml"))
                        || Files.exists(classes.resolve("META-INF/jandex.idx"))) {
                    index(seenByQuarkus, classes);
                }
            }
            Set<String> missing = missing(all.complete(), seenByQuarkus.complete());
            assertThat(missing).as("%s (with %s): types Jackson binds that no @RegisterForReflection registers; add "
                    + "them to the targets of the module's native registration class (docs/native.md)", service,
                    modules).isEmpty();
        }));
    }

    /** Jackson-bound types of {@code all} not registered by any @RegisterForReflection of {@code registering}. */
    static Set<String> missing(Index all, Index registering) {
        Set<String> bound = new TreeSet<>();
        for (DotName a : BOUND) {
            for (AnnotationInstance ai : all.getAnnotations(a)) {
                ClassInfo owner = owner(ai.target());
                if (owner != null && !owner.isAnnotation()) {
                    bound.add(owner.name().toString());
                }
            }
        }
        Set<String> registered = new TreeSet<>();
        for (AnnotationInstance ai : registering.getAnnotations(REGISTER)) {
            AnnotationValue targets = ai.value("targets");
            AnnotationValue names = ai.value("classNames");
            if (targets == null && names == null && ai.target().kind() == AnnotationTarget.Kind.CLASS) {
                registered.add(ai.target().asClass().name().toString());
            }
            if (targets != null) {
                for (var t : targets.asClassArray()) {
                    registered.add(t.name().toString());
                }
            }
            if (names != null) {
                registered.addAll(List.of(names.asStringArray()));
            }
        }
        bound.removeAll(registered);
        return bound;
    }

    private static ClassInfo owner(AnnotationTarget t) {
        return switch (t.kind()) {
            case CLASS -> t.asClass();
            case FIELD -> t.asField().declaringClass();
            case METHOD -> t.asMethod().declaringClass();
            case METHOD_PARAMETER -> t.asMethodParameter().method().declaringClass();
            case RECORD_COMPONENT -> t.asRecordComponent().declaringClass();
            default -> null;
        };
    }

    /** The suite's library modules a service's pom depends on (pcs-*, service-*). */
    private static List<String> libraries(Path root, String service) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = SUITE_MODULE.matcher(Files.readString(root.resolve(service).resolve("pom.xml")));
        while (m.find()) {
            if (!out.contains(m.group(1)) && Files.isDirectory(root.resolve(m.group(1)))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static void index(Indexer indexer, Path classes) throws IOException {
        assertThat(classes).as("build the modules first (./mvnw install)").isDirectory();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    indexer.index(in);
                }
            }
        }
    }

    private static Path projectRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("verifier-service")) && Files.isRegularFile(p.resolve("mvnw"))) {
                return p;
            }
        }
        throw new IllegalStateException("project root not found above " + Path.of("").toAbsolutePath());
    }
}
