package io.fractallba.http;

import io.fractallba.pcs.problem.Problem;
import org.jboss.logging.Logger;

import java.nio.channels.ClosedChannelException;

/**
 * A client that closes its connection while its request body is still being read is not a server error: there is
 * nothing to answer and nothing was acknowledged. Both error mappers (the verifier's and {@link ProblemResponses}) use
 * this to log such a request as one DEBUG line instead of an ERROR with a stack trace, which an attacker could
 * otherwise produce at will.
 */
public final class ClientAborts {

    private static final Logger LOG = Logger.getLogger(ClientAborts.class);

    /** The answer to an aborted upload (written only if the connection is, against expectation, still open). */
    public static final Problem PROBLEM = Problem.of("aborted", "Request aborted", 400,
            "the connection closed before the request body was read; nothing was recorded");

    private ClientAborts() {
    }

    /** True when {@code error} is the connection closing under a request, logged here at DEBUG. */
    public static boolean handled(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            // Vert.x's HttpClosedException is matched by name: this module does not depend on Vert.x.
            if (t instanceof ClosedChannelException || t.getClass().getName().equals("io.vertx.core.http.HttpClosedException")
                    || "Connection was closed".equals(t.getMessage())) {
                LOG.debugf("client closed the connection before its request was read: %s", t);
                return true;
            }
        }
        return false;
    }
}
