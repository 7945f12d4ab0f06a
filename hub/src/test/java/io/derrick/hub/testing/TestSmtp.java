package io.derrick.hub.testing;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.derrick.edge.testing.FreePort;

/** A real SMTP server (GreenMail) on a free loopback port, and the hub settings that send through it. */
public final class TestSmtp {
    private TestSmtp() {
    }

    public static GreenMail start() {
        GreenMail smtp = new GreenMail(new ServerSetup(FreePort.one(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        return smtp;
    }

    /** The first lines of a hub's config file: its public address (the emails' links) and {@code smtp} as its mail server. */
    public static String hubConfig(GreenMail smtp) {
        return """
                hub: {publicUrl: "https://derrick.example.com"}
                mail: {host: 127.0.0.1, port: %d, from: "Derrick <derrick@example.com>"}
                """.formatted(smtp.getSmtp().getPort());
    }
}
