package io.derrick.hub.alert;

import io.derrick.hub.platform.config.ConfigReader;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.Properties;

/** Sends one email, plain text with an HTML alternative, through the configured SMTP server (Jakarta Mail, Angus). */
public final class Mailer {
    /** {@code mail} in the hub's config; an empty host means alert emails are off. */
    public record Settings(String host, int port, String security, String username, String password, String from) {
        public boolean enabled() {
            return !host.isEmpty();
        }

        public static Settings from(ConfigReader mail) {
            return new Settings(mail.string("host", ""), mail.integer("port", 25, 1, 65535),
                    mail.choice("security", "none", "starttls", "tls"), mail.string("username", ""),
                    mail.has("password") ? mail.raw("password") : "", mail.address("from"));
        }
    }

    /** The server refused the recipient or the message: sending it again will not help. */
    public static final class PermanentFailure extends Exception {
        PermanentFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Settings settings;
    private final Session session;

    public Mailer(Settings settings) {
        this.settings = settings;
        Properties p = new Properties();
        String protocol = settings.security().equals("tls") ? "smtps" : "smtp";
        p.put("mail.transport.protocol", protocol);
        p.put("mail." + protocol + ".host", settings.host());
        p.put("mail." + protocol + ".port", Integer.toString(settings.port()));
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        p.put("mail." + protocol + ".timeout", "20000");
        p.put("mail." + protocol + ".writetimeout", "20000");
        p.put("mail." + protocol + ".auth", Boolean.toString(!settings.username().isEmpty()));
        if (settings.security().equals("starttls")) {
            p.put("mail.smtp.starttls.enable", "true");
            p.put("mail.smtp.starttls.required", "true");
        }
        if (!settings.security().equals("none")) {
            p.put("mail." + protocol + ".ssl.checkserveridentity", "true");
        }
        this.session = Session.getInstance(p);
    }

    /**
     * @throws PermanentFailure  when the server refused the address or message (5xx)
     * @throws MessagingException when the server could not be reached or failed for now (retry later)
     */
    public void send(String to, String subject, String text, String html) throws MessagingException, PermanentFailure {
        MimeMessage message = new MimeMessage(session);
        try {
            message.setFrom(new InternetAddress(settings.from(), true));
            message.setRecipient(Message.RecipientType.TO, new InternetAddress(to, true));
        } catch (AddressException e) {
            throw new PermanentFailure("bad address: " + e.getMessage(), e);
        }
        message.setSubject(subject, StandardCharsets.UTF_8.name());
        message.setSentDate(new Date());
        MimeBodyPart plain = new MimeBodyPart();
        plain.setText(text, StandardCharsets.UTF_8.name());
        MimeBodyPart rich = new MimeBodyPart();
        rich.setText(html, StandardCharsets.UTF_8.name(), "html");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(plain);
        alternative.addBodyPart(rich);
        message.setContent(alternative);
        message.saveChanges();
        try (Transport transport = session.getTransport()) {
            if (settings.username().isEmpty()) {
                transport.connect();
            } else {
                transport.connect(settings.username(), settings.password());
            }
            transport.sendMessage(message, message.getAllRecipients());
        } catch (jakarta.mail.SendFailedException e) {
            throw new PermanentFailure("the server refused it: " + e.getMessage(), e);
        } catch (jakarta.mail.AuthenticationFailedException e) {
            // a wrong password does not fix itself, but the operator may fix it: retry with backoff
            throw new MessagingException("SMTP authentication failed for " + settings.username() + ": " + e.getMessage(), e);
        }
    }
}
