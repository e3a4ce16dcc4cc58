package ai.asta.spotify.bus;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;

/**
 * A Vert.x whose event bus spans every instance: Hazelcast as the cluster manager, members found by
 * TCP-IP join (multicast is rarely allowed on real networks). Used by the service and by other JVM
 * services that want to call it over the bus ({@link SpotifyBusClient}).
 */
public final class ClusteredVertx {
  private ClusteredVertx() {}

  /**
   * @param host the address to bind and (unless {@code publicHost} is set) announce
   * @param hazelcastPort the member port; the next ones are tried when it is taken
   * @param members host[:port] of members to join
   * @param eventBusPort 0 for any free port
   */
  public static Future<Vertx> start(
      String host,
      int hazelcastPort,
      String publicHost,
      List<String> members,
      int eventBusPort,
      VertxOptions options) {
    Config hazelcast = ConfigUtil.loadConfig();
    hazelcast.setClusterName("asta-spotify");
    hazelcast.setProperty("hazelcast.logging.type", "slf4j");
    hazelcast.setProperty("hazelcast.phone.home.enabled", "false");
    hazelcast.getNetworkConfig().setPort(hazelcastPort).setPortAutoIncrement(true);
    if (!"0.0.0.0".equals(host)) {
      hazelcast.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(host);
    }
    if (publicHost != null && !publicHost.isBlank()) {
      hazelcast.getNetworkConfig().setPublicAddress(publicHost);
    }
    JoinConfig join = hazelcast.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members.isEmpty() ? List.of(host) : members);

    options.getEventBusOptions().setHost(host).setPort(eventBusPort);
    if (publicHost != null && !publicHost.isBlank()) {
      options.getEventBusOptions().setClusterPublicHost(publicHost);
    }
    return Vertx.builder()
        .with(options)
        .withClusterManager(new HazelcastClusterManager(hazelcast))
        .buildClustered();
  }
}
