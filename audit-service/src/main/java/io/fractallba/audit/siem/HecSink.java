package io.fractallba.audit.siem;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Posts events to a Splunk HTTP Event Collector ({@code /services/collector/event}): the events, each already in
 * HEC shape ({@code time}, {@code source}, {@code sourcetype}, {@code event}), concatenated in one request, with
 * {@code Authorization: Splunk <token>}. Anything but 200 is a failure and the batch is sent again later.
 */
public final class HecSink implements SiemSink {

    private final URI url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    public HecSink(String url, String token) {
        this.url = URI.create(url);
        this.token = token;
    }

    @Override
    public String name() {
        return "hec";
    }

    @Override
    public void send(List<String> jsonEvents) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(String.join("\n", jsonEvents)));
        if (token != null) {
            req.header("Authorization", "Splunk " + token);
        }
        HttpResponse<String> r = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("HEC answered " + r.statusCode() + ": " + r.body());
        }
    }
}
