package io.fractallba.verifier.screening;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;

/**
 * Reads the top-level {@code vrf_proof} member of a PCS that the contract's parser has already accepted (it keeps
 * unknown members but does not model them). A member that is not a string reads as {@link #NOT_A_STRING}, which the
 * VRF check answers as a malformed proof rather than the request failing.
 */
final class VrfProofField {

    static final String NOT_A_STRING = "\u0000not-a-string";
    private static final JsonFactory JSON = new JsonFactory();

    private VrfProofField() {
    }

    /** The member's string value, {@link #NOT_A_STRING}, or null when the document has none. */
    static String read(byte[] body) {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("vrf_proof".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : value == JsonToken.VALUE_NULL ? null
                            : NOT_A_STRING;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;   // unreachable for a document the contract's parser accepted
        }
    }
}
