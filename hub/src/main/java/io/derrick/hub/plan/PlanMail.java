package io.derrick.hub.plan;

import io.derrick.hub.alert.AlertMessage;
import io.derrick.hub.alert.Mailer;
import io.derrick.hub.platform.db.Database;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Sends the emails about changes of approved schedules (job {@code plan-mail}), each in its own transaction with its
 * row locked while it goes: the changes listed, who made them and when, and a link to the scenario. A subscriber
 * without an email address, or one the server refuses, fails for good; an unreachable server is tried again later.
 */
final class PlanMail {
    private static final Logger log = LoggerFactory.getLogger(PlanMail.class);
    static final int MAX_ATTEMPTS = 10;

    private final Database db;
    private final Mailer mailer;
    private final Function<String, Optional<String>> emailOf;
    private final String publicUrl;
    private final Clock clock;

    PlanMail(Database db, Mailer mailer, Function<String, Optional<String>> emailOf, String publicUrl, Clock clock) {
        this.db = db;
        this.mailer = mailer;
        this.emailOf = emailOf;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    /** The subject, text and HTML of the email about {@code n}'s changes. */
    static AlertMessage message(PlanRepository.Notification n, String publicUrl) {
        String link = publicUrl + "/plan.html?scenario=" + n.scenario();
        String subject = "Derrick: the approved plan \"" + n.scenarioName() + "\" changed (" + n.changes().size() + (n.changes().size() == 1 ? " change)" : " changes)");
        StringBuilder text = new StringBuilder("The approved campaign plan \"" + n.scenarioName() + "\" changed:\n\n");
        StringBuilder html = new StringBuilder("<p>The approved campaign plan <b>" + AlertMessage.escape(n.scenarioName()) + "</b> changed:</p><ul>");
        for (Map<String, Object> c : n.changes()) {
            String line = c.get("at") + " by " + c.get("by") + ": " + c.get("change");
            text.append("- ").append(line).append('\n');
            html.append("<li>").append(AlertMessage.escape(line)).append("</li>");
        }
        String footer = "You receive this because you subscribed to the scenario in the Derrick planner (" + link + ").";
        text.append("\nThe plan: ").append(link).append("\n\n").append(footer).append('\n');
        html.append("</ul><p><a href=\"").append(AlertMessage.escape(link)).append("\">Open the plan</a></p><p style=\"color:#666\">")
                .append(AlertMessage.escape(footer)).append("</p>");
        return new AlertMessage(subject, text.toString(), html.toString());
    }

    /** Sends what is due; the number sent. */
    int sendDue() {
        int sent = 0;
        while (true) {
            Boolean more = db.inTransaction(h -> {
                Instant now = clock.instant();
                Optional<PlanRepository.Notification> due = PlanRepository.nextNotification(h, now);
                if (due.isEmpty()) {
                    return null;
                }
                PlanRepository.Notification n = due.get();
                Optional<String> to = emailOf.apply(n.recipient());
                if (to.isEmpty()) {
                    PlanRepository.notificationDone(h, n.id(), "failed", "user " + n.recipient() + " has no email address", null, now);
                    return Boolean.FALSE;
                }
                AlertMessage m = message(n, publicUrl);
                try {
                    mailer.send(to.get(), m.subject(), m.text(), m.html());
                    PlanRepository.notificationDone(h, n.id(), "sent", null, null, clock.instant());
                    return Boolean.TRUE;
                } catch (Mailer.PermanentFailure e) {
                    log.error("plan email {} to {} refused: {}", n.id(), to.get(), e.getMessage());
                    PlanRepository.notificationDone(h, n.id(), "failed", e.getMessage(), null, now);
                    return Boolean.FALSE;
                } catch (MessagingException e) {
                    boolean last = n.attempts() + 1 >= MAX_ATTEMPTS;
                    Instant next = now.plus(Duration.ofMinutes(Math.min(60, 1L << Math.min(6, n.attempts()))));
                    log.warn("plan email {} to {} not sent (attempt {}): {}", n.id(), to.get(), n.attempts() + 1, e.getMessage());
                    PlanRepository.notificationDone(h, n.id(), last ? "failed" : "pending", e.getMessage(), next, now);
                    return null;       // the server is away: the rest wait for the next run
                }
            });
            if (more == null) {
                return sent;
            }
            if (more) {
                sent++;
            }
        }
    }
}
