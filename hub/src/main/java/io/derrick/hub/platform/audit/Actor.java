package io.derrick.hub.platform.audit;

/**
 * Who a write is done for: a user through a browser session or an API token, the command line, the hub's
 * first-run config, or nobody yet (a failed sign-in).
 */
public record Actor(Long userId, String name, String via, String address) {
    public static Actor commandLine() {
        return new Actor(null, System.getProperty("user.name", "unknown") + " (command line)", "command-line", null);
    }

    public static Actor config() {
        return new Actor(null, "hub configuration", "config", null);
    }

    /** One of the hub's own jobs, by its name. */
    public static Actor job(String name) {
        return new Actor(null, "job " + name, "job", null);
    }

    public static Actor anonymous(String claimedName, String address) {
        return new Actor(null, claimedName, "anonymous", address);
    }
}
