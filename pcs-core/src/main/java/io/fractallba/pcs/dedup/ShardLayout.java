package io.fractallba.pcs.dedup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which Redis nodes hold the hot tier: node name → Redis URL, plus the virtual nodes per node. Text form:
 * {@code name=redis://host:port,name2=redis://host2:port;vnodes=128} (the {@code ;vnodes=} part is optional).
 */
public record ShardLayout(Map<String, String> nodes, int vnodes) {

    public static final int DEFAULT_VNODES = 128;

    public ShardLayout {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("a shard layout needs at least one node");
        }
        nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    }

    public static ShardLayout parse(String text) {
        String[] parts = text.trim().split(";");
        int vnodes = DEFAULT_VNODES;
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].trim();
            if (!p.startsWith("vnodes=")) {
                throw new IllegalArgumentException("unknown layout option: " + p);
            }
            vnodes = Integer.parseInt(p.substring("vnodes=".length()));
        }
        Map<String, String> nodes = new LinkedHashMap<>();
        for (String entry : parts[0].split(",")) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("layout entries look like name=redis://host:port, got: " + entry);
            }
            if (nodes.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException("node named twice: " + entry.substring(0, eq));
            }
        }
        return new ShardLayout(nodes, vnodes);
    }

    public String text() {
        List<String> entries = new ArrayList<>();
        nodes.forEach((n, u) -> entries.add(n + "=" + u));
        return String.join(",", entries) + ";vnodes=" + vnodes;
    }

    public ShardRing ring() {
        return new ShardRing(new ArrayList<>(nodes.keySet()), vnodes);
    }

    public String url(String node) {
        return nodes.get(node);
    }
}
