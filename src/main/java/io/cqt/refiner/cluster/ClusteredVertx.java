package io.cqt.refiner.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** A Vert.x instance that joins the cluster described by {@link ClusterSettings}, with Hazelcast configured in code. */
public final class ClusteredVertx {
    /** Members unheard of this long are dropped, so a dead leader's lock is freed within about this time. */
    static final int MAX_NO_HEARTBEAT_SECONDS = 10;

    private ClusteredVertx() {
    }

    public static Future<Vertx> start(ClusterSettings settings) {
        VertxOptions options = new VertxOptions();
        options.getEventBusOptions().setHost(settings.host()).setPort(0);
        return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast(settings)))
                .buildClustered();
    }

    static Config hazelcast(ClusterSettings settings) {
        // The Vert.x defaults (maps and multimaps the event bus needs) with our network in place of multicast.
        Config config = ConfigUtil.loadConfig();
        config.setClusterName("refiner");
        NetworkConfig network = config.getNetworkConfig();
        network.setPort(settings.port()).setPortAutoIncrement(false);
        network.setPublicAddress(settings.host() + ":" + settings.port());
        network.getInterfaces().setEnabled(true).clear().addInterface(settings.host());
        JoinConfig join = network.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        config.setProperty("hazelcast.socket.bind.any", "false");
        config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        config.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(MAX_NO_HEARTBEAT_SECONDS));
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "slf4j");
        return config;
    }
}
