package io.fractallba.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.fractallba.pcs.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.stream.Collectors;

/**
 * A request body of the wrong shape for a typed endpoint (a string where a list belongs, an unknown member) as the
 * suite's problem+json 400, naming the member by its JSON path. Quarkus REST's built-in mapper for this exception
 * answered plain JSON quoting Jackson's message, Java class names included; being more specific than each service's
 * {@code ExceptionMapper<Throwable>}, it won over {@link ProblemResponses} until this mapper took its place.
 */
@Provider
public class JsonBindingProblems implements ExceptionMapper<MismatchedInputException> {

    @Override
    public Response toResponse(MismatchedInputException e) {
        String path = e.getPath().stream().map(JsonBindingProblems::step).collect(Collectors.joining());
        String field = path.isEmpty() ? "body" : path.startsWith(".") ? path.substring(1) : path;
        Problem p = Problem.of("wrong-type", "Wrong type", 400,
                (path.isEmpty() ? "the body" : "'" + field + "'") + " does not have the expected JSON type or shape");
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(p.withField(field)).build();
    }

    /**
     * What is wrong with a JSON body, in words a client can act on and without Jackson's wording (which names Java
     * types): where it stops parsing, which member has the wrong shape, or which limit it exceeds.
     */
    public static String describe(java.io.IOException e) {
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            return "the body exceeds the JSON nesting depth, number length or string length this service accepts";
        }
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            return "unknown member '" + u.getPropertyName() + "'";
        }
        if (e instanceof MismatchedInputException m) {
            String path = m.getPath().stream().map(JsonBindingProblems::step).collect(Collectors.joining());
            return path.isEmpty() ? "the body does not have the expected JSON type or shape (an object is expected)"
                    : "'" + (path.startsWith(".") ? path.substring(1) : path) + "' does not have the expected JSON type or shape";
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j && j.getLocation() != null) {
            return "malformed JSON at line " + j.getLocation().getLineNr() + ", column " + j.getLocation().getColumnNr();
        }
        return "malformed JSON";
    }

    private static String step(JsonMappingException.Reference r) {
        return r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]";
    }
}
