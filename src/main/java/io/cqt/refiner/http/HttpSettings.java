package io.cqt.refiner.http;

import io.vertx.core.json.JsonObject;

/**
 * Where {@code /metrics}, {@code /health}, {@code /ready} and {@code /status} listen: config keys
 * {@value #HOST_KEY} (default loopback: the status page shows the setup) and {@value #PORT_KEY} (default
 * {@value #DEFAULT_PORT}, the reference refiner's; 0 picks a free port, -1 serves nothing).
 */
public record HttpSettings(String host, int port) {
    public static final String HOST_KEY = "metricsHost";
    public static final String PORT_KEY = "metricsPort";
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9568;
    public static final int DISABLED = -1;

    public HttpSettings {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("config " + HOST_KEY + ": missing");
        }
        if (port < DISABLED || port > 65535) {
            throw new IllegalArgumentException("config " + PORT_KEY + ": expected a port (0 = any free, -1 = no "
                    + "HTTP), got " + port);
        }
    }

    /**
     * From a config object; a port given as text (an environment variable) is read as a number. {@code defaultPort}
     * applies when the key is absent: {@code refiner run} uses {@value #DEFAULT_PORT}, a pipeline deployed by code
     * (tests) {@value #DISABLED}, so that it never competes for the operator's port.
     */
    public static HttpSettings from(JsonObject config, int defaultPort) {
        Object port = config.getValue(PORT_KEY);
        int parsed;
        if (port == null) {
            parsed = defaultPort;
        } else {
            try {
                parsed = port instanceof Number n ? n.intValue() : Integer.parseInt(port.toString().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("config " + PORT_KEY + ": not a port number: " + port);
            }
        }
        return new HttpSettings(config.getString(HOST_KEY, DEFAULT_HOST), parsed);
    }

    public boolean enabled() {
        return port != DISABLED;
    }
}
