package io.cqt.refiner.cluster;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Where this node listens for the cluster and which members it joins through (Hazelcast TCP-IP join; multicast and
 * auto-detection are off so that a node never joins a cluster nobody listed).
 *
 * @param host    the interface both Hazelcast and the event bus bind to, and the address other members reach
 * @param port    Hazelcast's port; the event bus takes any free port on the same interface
 * @param members {@code host:port} of the members to join through (this node may be among them)
 */
public record ClusterSettings(String host, int port, List<String> members) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 5701;
    /** The config file's section that holds these settings. */
    public static final String CONFIG_KEY = "cluster";

    public ClusterSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("cluster host is empty");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("cluster port " + port + " is not a TCP port");
        }
        members = List.copyOf(members);
        for (String member : members) {
            int colon = member.lastIndexOf(':');
            if (colon <= 0 || !member.substring(colon + 1).matches("\\d{1,5}")) {
                throw new IllegalArgumentException("cluster member '" + member + "' is not host:port");
            }
        }
    }

    /** {@code host:port,host:port} (spaces allowed) as a member list; null or blank is none. */
    public static List<String> parseMembers(String list) {
        List<String> members = new ArrayList<>();
        if (list != null) {
            for (String member : list.split(",")) {
                if (!member.isBlank()) {
                    members.add(member.strip());
                }
            }
        }
        return members;
    }

    /**
     * The {@code cluster} section of the run config ({@code enabled}, {@code host}, {@code port}, {@code members}
     * as a list or a comma-separated string), or null when it is absent or not enabled.
     */
    public static ClusterSettings fromConfig(JsonObject run) {
        Object section = run.getValue(CONFIG_KEY);
        if (section == null) {
            return null;
        }
        if (!(section instanceof JsonObject cluster)) {
            throw new IllegalArgumentException("config key 'cluster' must be a section (enabled, host, port, members)");
        }
        if (!Boolean.parseBoolean(String.valueOf(cluster.getValue("enabled", false)))) {
            return null;
        }
        Object port = cluster.getValue("port", DEFAULT_PORT);
        int parsedPort;
        try {
            parsedPort = Integer.parseInt(String.valueOf(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("config key 'cluster.port' is not a number: " + port);
        }
        Object members = cluster.getValue("members");
        List<String> parsedMembers = members instanceof JsonArray array
                ? array.stream().map(String::valueOf).toList()
                : parseMembers(members == null ? null : String.valueOf(members));
        try {
            return new ClusterSettings(cluster.getString("host", DEFAULT_HOST), parsedPort, parsedMembers);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config key 'cluster': " + e.getMessage(), e);
        }
    }
}
