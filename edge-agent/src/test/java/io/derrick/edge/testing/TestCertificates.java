package io.derrick.edge.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private CA and a broker certificate signed by it (for 127.0.0.1 and localhost), made with openssl as an operator
 * would for Mosquitto: {@code ca.crt} for the clients' {@code caFile}, {@code broker.crt} and {@code broker.key} for the
 * broker's {@code certfile} and {@code keyfile}.
 */
public record TestCertificates(Path ca, Path cert, Path key) {

    public static TestCertificates make(Path dir) throws Exception {
        Files.createDirectories(dir);
        Path caKey = dir.resolve("ca.key");
        Path ca = dir.resolve("ca.crt");
        Path key = dir.resolve("broker.key");
        Path csr = dir.resolve("broker.csr");
        Path cert = dir.resolve("broker.crt");
        Path ext = Files.writeString(dir.resolve("broker.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
                "-days", "2", "-subj", "/CN=Derrick test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=derrick-broker");
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(), "-CAcreateserial",
                "-out", cert.toString(), "-days", "2", "-extfile", ext.toString());
        // Mosquitto drops root for its user (or runs as root in the tests): the key must be readable by it
        key.toFile().setReadable(true, false);
        return new TestCertificates(ca, cert, key);
    }

    /** Mosquitto lines for a TLS listener on {@code port} with this certificate. */
    public String mosquittoListener(int port) {
        return "listener " + port + " 127.0.0.1\ncertfile " + cert + "\nkeyfile " + key + "\n";
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
