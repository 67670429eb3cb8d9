package io.fractallba.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.IOException;
import java.util.List;

/** Reading a policy document from its JSON, with an unknown member or malformed JSON reported as a problem. */
public final class PolicyDocuments {

    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private PolicyDocuments() {
    }

    public static PolicyDocument parse(byte[] json) throws PolicyValidationException {
        try {
            PolicyDocument doc = MAPPER.readValue(json, PolicyDocument.class);
            if (doc == null) {
                throw new PolicyValidationException(List.of(PolicyProblem.of(null, null, "the body is JSON null")));
            }
            return doc;
        } catch (UnrecognizedPropertyException e) {
            throw new PolicyValidationException(List.of(new PolicyProblem(null, e.getPropertyName(),
                    e.getLocation() == null ? null : e.getLocation().getLineNr(),
                    e.getLocation() == null ? null : e.getLocation().getColumnNr(),
                    "unknown member '" + e.getPropertyName() + "'")));
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            // Jackson's own message names Java types; say which member of the document has the wrong shape.
            String path = path(e.getPath());
            throw new PolicyValidationException(List.of(new PolicyProblem(null, path.isEmpty() ? null : path,
                    e.getLocation() == null ? null : e.getLocation().getLineNr(),
                    e.getLocation() == null ? null : e.getLocation().getColumnNr(),
                    path.isEmpty() ? "a policy document is a JSON object with name, version, rules and default"
                            : "member '" + path + "' has the wrong type (see docs/policies.md)")));
        } catch (JsonProcessingException e) {
            throw new PolicyValidationException(List.of(new PolicyProblem(null, null,
                    e.getLocation() == null ? null : e.getLocation().getLineNr(),
                    e.getLocation() == null ? null : e.getLocation().getColumnNr(),
                    "not a policy document: " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new PolicyValidationException(List.of(PolicyProblem.of(null, null, "unreadable: " + e.getMessage())));
        }
    }

    private static String path(List<com.fasterxml.jackson.databind.JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (var r : refs) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    public static byte[] write(PolicyDocument doc) {
        try {
            return MAPPER.writeValueAsBytes(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
