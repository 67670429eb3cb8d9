package io.fractallba.sdk.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The SDK's one way of calling a suite service: a base URL, fixed headers (an API key, say), and every failure as
 * an {@link IOException} whose message a user can act on (unreachable, timed out, or the problem's detail).
 */
public final class ServiceHttp {

    /** A non-2xx answer, with the status and the problem's detail. */
    public static final class StatusException extends IOException {
        private final int status;

        StatusException(String message, int status) {
            super(message);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final String service;
    private final URI base;
    private final Map<String, String> headers;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ServiceHttp(String service, String baseUrl, Map<String, String> headers) {
        this.service = service;
        this.base = URI.create(baseUrl.replaceAll("/+$", "") + "/");
        this.headers = Map.copyOf(headers);
    }

    public String get(String path) throws IOException {
        return send("GET", path, null, null);
    }

    public String send(String method, String path, String body, String contentType) throws IOException {
        URI uri = base.resolve(path);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        headers.forEach(b::header);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new IOException(service + " unreachable at " + base + " (connection refused)", e);
        } catch (HttpTimeoutException e) {
            throw new IOException(service + " at " + base + " did not answer in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (r.statusCode() / 100 != 2) {
            String detail = r.body();
            try {
                Object d = Json.object(r.body()).get("detail");
                detail = d == null ? detail : d.toString();
            } catch (IOException notJson) {
                // keep the raw body
            }
            throw new StatusException(method + " " + uri + " answered " + r.statusCode() + ": " + detail, r.statusCode());
        }
        return r.body();
    }

    public static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
