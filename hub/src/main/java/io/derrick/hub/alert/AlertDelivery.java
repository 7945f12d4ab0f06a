package io.derrick.hub.alert;

import io.derrick.hub.platform.db.Database;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Sends the pending alert emails through SMTP, one transaction each (the row stays locked while its email goes, so
 * two hubs never send it twice): over a recipient's hourly limit it is suppressed and counted in their next email; a
 * refused address fails it for good; an unreachable server is tried again later, and the rest wait for the next run.
 */
final class AlertDelivery {
    private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);

    private final Database db;
    private final NotificationRepository notifications;
    private final AlertDecider decider;
    private final Mailer mailer;
    private final Clock clock;
    private final String publicUrl;
    private final Counter sentCount;
    private final Counter failedCount;
    private final Counter suppressedCount;

    AlertDelivery(Database db, NotificationRepository notifications, AlertDecider decider, Mailer mailer, Clock clock, String publicUrl,
                  MeterRegistry metrics) {
        this.db = db;
        this.notifications = notifications;
        this.decider = decider;
        this.mailer = mailer;
        this.clock = clock;
        this.publicUrl = publicUrl;
        this.sentCount = metrics.getOrCreate(Counter.builder("derrick_alert_emails_sent").description("alert emails the SMTP server took"));
        this.failedCount = metrics.getOrCreate(Counter.builder("derrick_alert_emails_failed")
                .description("alert email attempts that failed (retried unless refused)"));
        this.suppressedCount = metrics.getOrCreate(Counter.builder("derrick_alert_emails_suppressed")
                .description("alert emails not sent because of the per-recipient rate limit"));
    }

    private enum Step { SENT, SUPPRESSED, FAILED, SERVER_AWAY, NONE_DUE }

    /** Sends what is due; returns the number of emails sent. */
    int deliverDue() {
        int sent = 0;
        while (true) {
            Step step = db.inTransaction(h -> {
                Instant now = clock.instant();
                Optional<NotificationRepository.Pending> due = notifications.nextDue(h, now);
                if (due.isEmpty()) {
                    return Step.NONE_DUE;
                }
                NotificationRepository.Pending p = due.get();
                switch (decider.deliver(p.recipient(), notifications.sentInTheLastHour(h, p.recipient(), now), notifications.heldBack(h, p.recipient()))) {
                    case AlertDecider.Delivery.Suppress s -> {
                        notifications.suppressed(h, p.id(), s.reason());
                        return Step.SUPPRESSED;
                    }
                    case AlertDecider.Delivery.Send s -> {
                        AlertMessage message = s.heldBack() > 0 ? p.message().withHeldBack(s.heldBack(), publicUrl) : p.message();
                        try {
                            mailer.send(p.recipient(), message.subject(), message.text(), message.html());
                            notifications.sent(h, p.id(), message, clock.instant());
                            return Step.SENT;
                        } catch (Mailer.PermanentFailure e) {
                            log.error("alert email {} to {} refused: {}", p.id(), p.recipient(), e.getMessage());
                            notifications.failed(h, p.id(), AlertDecider.failed(p.attempts(), true, e.getMessage(), clock.instant()));
                            return Step.FAILED;
                        } catch (MessagingException e) {
                            AlertDecider.Retry retry = AlertDecider.failed(p.attempts(), false, e.getMessage(), clock.instant());
                            log.warn("alert email {} to {} not sent (attempt {}{}): {}", p.id(), p.recipient(), retry.attempts(),
                                    retry.status().equals("FAILED") ? ", the last" : ", again after " + retry.nextAttempt(), e.getMessage());
                            notifications.failed(h, p.id(), retry);
                            return Step.SERVER_AWAY;
                        }
                    }
                }
            });
            switch (step) {
                case SENT -> {
                    sent++;
                    sentCount.increment();
                }
                case SUPPRESSED -> suppressedCount.increment();
                case FAILED -> failedCount.increment();
                case SERVER_AWAY -> {
                    failedCount.increment();
                    return sent;   // the server is unreachable: the other emails wait for the next run
                }
                case NONE_DUE -> {
                    return sent;
                }
            }
        }
    }
}
