package io.fractallba.verifier.publish;

import java.time.Duration;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

/**
 * Finds which of the given keys already have an event on the topic since a point in time. The WAL replay uses it
 * so that a request whose event reached Kafka just before a crash is not published twice.
 */
final class PublishedKeyScanner {

    private final Properties props;
    private final String topic;

    PublishedKeyScanner(Properties props, String topic) {
        this.props = props;
        this.topic = topic;
    }

    Set<String> alreadyPublished(Set<String> keys, long sinceMillis) {
        Set<String> found = new HashSet<>();
        if (keys.isEmpty()) {
            return found;
        }
        TopicWindow.End end = new TopicWindow(props, topic).read(sinceMillis, Duration.ofMinutes(2), r -> {
            if (keys.contains(r.key())) {
                found.add(r.key());
            }
            return true;
        });
        if (end != TopicWindow.End.COMPLETE) {
            throw new IllegalStateException("scanning " + topic + " for published keys took too long");
        }
        return found;
    }
}
