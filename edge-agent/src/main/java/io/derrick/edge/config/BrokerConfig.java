package io.derrick.edge.config;

import java.nio.file.Path;

/** The MQTT broker. A {@code ssl://} URL turns on TLS; {@code caFile} pins the broker's CA. */
public record BrokerConfig(String url, String username, char[] password, Path caFile, int keepAliveS,
                           int connectTimeoutS, int maxBackoffMs) {
    public boolean tls() {
        return url.startsWith("ssl://") || url.startsWith("wss://");
    }

    @Override
    public String toString() {
        return "BrokerConfig[url=" + url + ", username=" + username + ", password=" + (password == null ? "none" : "***") + "]";
    }
}
