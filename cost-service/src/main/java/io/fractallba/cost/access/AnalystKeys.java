package io.fractallba.cost.access;

import io.fractallba.pcs.crypto.Hashes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Authenticates an analyst by API key: keys are configured as SHA-256 digests only, and compared in constant time
 * so a caller cannot probe them byte by byte.
 */
public final class AnalystKeys {

    /** One configured analyst. */
    public record Entry(String name, String keySha256, List<String> tenants, boolean admin) {
    }

    private final List<Entry> entries;

    public AnalystKeys(List<Entry> entries) {
        for (Entry e : entries) {
            if (!e.keySha256().matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("flk.cost.analysts." + e.name() + ".key-sha256 is not 64 lower-case hex digits");
            }
            if (e.tenants().isEmpty()) {
                throw new IllegalArgumentException("flk.cost.analysts." + e.name() + ".tenants is empty");
            }
        }
        this.entries = List.copyOf(entries);
    }

    public static AnalystKeys fromConfig(Map<String, io.fractallba.cost.config.CostConfig.Analyst> config) {
        return new AnalystKeys(config.entrySet().stream()
                .map(e -> new Entry(e.getKey(), e.getValue().keySha256(), e.getValue().tenants(), e.getValue().admin()))
                .toList());
    }

    public Optional<AnalystScope> authenticate(String presentedKey) {
        if (presentedKey == null || presentedKey.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = Hashes.sha256Hex(presentedKey.getBytes(StandardCharsets.UTF_8)).getBytes(StandardCharsets.US_ASCII);
        AnalystScope found = null;
        for (Entry e : entries) {
            // Every entry is compared, so the time taken does not say which one matched.
            if (MessageDigest.isEqual(digest, e.keySha256().getBytes(StandardCharsets.US_ASCII)) && found == null) {
                Set<String> tenants = e.tenants().contains("*") ? null : new HashSet<>(e.tenants());
                found = new AnalystScope(e.name(), tenants == null ? null : Set.copyOf(tenants), e.admin());
            }
        }
        return Optional.ofNullable(found);
    }
}
