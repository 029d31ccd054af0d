package io.cqt.refiner.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.config.Config;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterSettingsTest {
    @Test
    void theConfigSectionGivesHostPortAndMembersAsListOrText() {
        ClusterSettings fromList = ClusterSettings.fromConfig(new JsonObject().put("cluster", new JsonObject()
                .put("enabled", true).put("host", "10.0.0.5").put("port", 5801)
                .put("members", new JsonArray().add("10.0.0.5:5801").add("10.0.0.6:5801"))));
        assertEquals(new ClusterSettings("10.0.0.5", 5801, List.of("10.0.0.5:5801", "10.0.0.6:5801")), fromList);
        ClusterSettings fromText = ClusterSettings.fromConfig(new JsonObject().put("cluster", new JsonObject()
                .put("enabled", "true").put("members", "a:1, b:2")));
        assertEquals(new ClusterSettings(ClusterSettings.DEFAULT_HOST, ClusterSettings.DEFAULT_PORT,
                List.of("a:1", "b:2")), fromText);
    }

    @Test
    void anAbsentOrDisabledSectionMeansNoCluster() {
        assertNull(ClusterSettings.fromConfig(new JsonObject()));
        assertNull(ClusterSettings.fromConfig(new JsonObject().put("cluster", new JsonObject().put("host", "h"))));
    }

    @Test
    void badValuesNameTheKey() {
        IllegalArgumentException member = assertThrows(IllegalArgumentException.class, () ->
                ClusterSettings.fromConfig(new JsonObject().put("cluster", new JsonObject().put("enabled", true)
                        .put("members", "10.0.0.6"))));
        assertTrue(member.getMessage().contains("'cluster'") && member.getMessage().contains("10.0.0.6"),
                member.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class, () ->
                ClusterSettings.fromConfig(new JsonObject().put("cluster", new JsonObject().put("enabled", true)
                        .put("port", "many"))));
        assertTrue(port.getMessage().contains("cluster.port"), port.getMessage());
    }

    @Test
    void hazelcastJoinsOnlyTheListedMembersOnTheGivenInterface() {
        Config config = ClusteredVertx.hazelcast(new ClusterSettings("127.0.0.1", 5901, List.of("127.0.0.1:5902")));
        var network = config.getNetworkConfig();
        assertEquals(5901, network.getPort());
        assertFalse(network.isPortAutoIncrement());
        assertFalse(network.getJoin().getMulticastConfig().isEnabled());
        assertFalse(network.getJoin().getAutoDetectionConfig().isEnabled());
        assertTrue(network.getJoin().getTcpIpConfig().isEnabled());
        assertEquals(List.of("127.0.0.1:5902"), network.getJoin().getTcpIpConfig().getMembers());
        assertEquals(List.of("127.0.0.1"), List.copyOf(network.getInterfaces().getInterfaces()));
        // The maps the Vert.x event bus needs are still configured.
        assertTrue(config.getMultiMapConfigs().containsKey("__vertx.subs"));
    }
}
