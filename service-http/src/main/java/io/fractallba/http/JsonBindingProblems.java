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

    private static String step(JsonMappingException.Reference r) {
        return r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]";
    }
}
