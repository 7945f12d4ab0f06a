package io.derrick.hub.ingest;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * The hub's TLS to an external broker: a socket factory that trusts exactly the CA certificates of
 * {@code broker.caFile} (a PEM file), as the edge agent's {@code broker.caFile} does. Read once at start, so that a file
 * without a certificate stops the start with its name rather than failing every connect.
 */
public final class BrokerTls {
    private BrokerTls() {
    }

    public static SSLSocketFactory trusting(Path caPem) {
        try (InputStream in = Files.newInputStream(caPem)) {
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int i = 0;
            for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                trust.setCertificateEntry("ca-" + i++, cert);
            }
            if (i == 0) {
                throw new IllegalArgumentException("broker.caFile " + caPem + " holds no certificate (PEM, -----BEGIN CERTIFICATE-----)");
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException("broker.caFile " + caPem + " is not a PEM file of CA certificates: " + e.getMessage(), e);
        }
    }

    /**
     * Why a connection to the broker failed, in words an operator can act on: an untrusted certificate names the fix
     * (Paho says "Untranslated MqttException - RC: 0" for it), a refused credential names the user.
     */
    public static String describe(org.eclipse.paho.mqttv5.common.MqttException e, String username) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof javax.net.ssl.SSLHandshakeException || t instanceof java.security.cert.CertPathValidatorException
                    || t instanceof java.security.cert.CertPathBuilderException) {
                return "the broker's TLS certificate is not trusted (" + t.getMessage() + "): set broker.caFile to the PEM of the CA that signed it";
            }
            if (t instanceof java.net.ConnectException || t instanceof java.net.UnknownHostException || t instanceof java.net.SocketTimeoutException) {
                return t.getClass().getSimpleName() + ": " + t.getMessage();
            }
        }
        return switch (e.getReasonCode()) {
            case 0x86 -> "bad user name or password for '" + username + "' (reason 0x86)";
            case 0x87 -> "not authorized: '" + username + "' (reason 0x87)";
            case 0x85 -> "client id not valid or already taken (reason 0x85)";
            default -> e.getMessage() + (e.getCause() != null ? " (" + e.getCause() + ")" : "") + " [reason " + e.getReasonCode() + "]";
        };
    }
}
