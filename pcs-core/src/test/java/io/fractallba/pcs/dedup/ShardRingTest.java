package io.fractallba.pcs.dedup;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShardRingTest {

    @Test
    void theHashIsTheDocumentedOne() throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest("flk:dedup:4:acme:x".getBytes(StandardCharsets.UTF_8));
        assertThat(ShardRing.hash("flk:dedup:4:acme:x")).isEqualTo(ByteBuffer.wrap(d).getLong());
    }

    @Test
    void keysSpreadEvenlyAndAddingANodeMovesAboutItsShareOnlyToIt() {
        ShardRing three = new ShardRing(List.of("r1", "r2", "r3"), 128);
        ShardRing four = new ShardRing(List.of("r1", "r2", "r3", "r4"), 128);
        Map<String, Integer> counts = new HashMap<>();
        int moved = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            String key = DedupKeys.redisKey("t" + (i % 7), "pcs-" + i);
            String a = three.owner(key);
            String b = four.owner(key);
            counts.merge(a, 1, Integer::sum);
            if (!a.equals(b)) {
                moved++;
                assertThat(b).as("a moved key goes to the new node").isEqualTo("r4");
            }
        }
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(n / 3 * 8 / 10, n / 3 * 12 / 10));
        assertThat(moved).isBetween(n / 4 * 7 / 10, n / 4 * 13 / 10);
    }

    @Test
    void healthAwareRoutingFallsBackClockwiseAndLayoutsRoundTrip() {
        ShardRing ring = new ShardRing(List.of("r1", "r2", "r3"), 64);
        String key = "flk:dedup:1:a:b";
        List<String> pref = ring.preference(key);
        assertThat(Set.copyOf(pref)).containsExactlyInAnyOrder("r1", "r2", "r3");
        assertThat(pref.get(0)).isEqualTo(ring.owner(key));
        assertThat(ring.owner(key, n -> !n.equals(pref.get(0)))).isEqualTo(pref.get(1));
        assertThat(ring.owner(key, n -> false)).isNull();

        ShardLayout layout = ShardLayout.parse("r1=redis://127.0.0.1:7001,r2=redis://127.0.0.1:7002;vnodes=64");
        assertThat(ShardLayout.parse(layout.text())).isEqualTo(layout);
        ShardRouting routing = new ShardRouting(3, "copy", layout, ShardLayout.parse("r1=redis://127.0.0.1:7001"));
        assertThat(ShardRouting.parse(routing.text())).isEqualTo(routing);
        assertThatThrownBy(() -> ShardLayout.parse("r1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ShardRing(List.of("a", "a"), 8)).isInstanceOf(IllegalArgumentException.class);
    }
}
