package io.derrick.hub.equipment;

import io.derrick.hub.alert.AlertMessage;
import io.derrick.hub.alert.AlertRules;
import io.derrick.hub.alert.Mailer;
import io.derrick.hub.platform.db.Database;
import io.derrick.protocol.Event;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Emails a critical incident (job {@code incident-mail}) to the people the alert rules name for its rig: every
 * rule that would take a CRITICAL alarm with the key {@code incident} there. The incident's row is locked while it
 * goes, so two hubs never send it twice; an unreachable server leaves it due for the next run.
 */
final class IncidentMail {
    private static final Logger log = LoggerFactory.getLogger(IncidentMail.class);

    private final Database db;
    private final Mailer mailer;
    private final AlertRules rules;
    private final String publicUrl;
    private final Clock clock;

    IncidentMail(Database db, Mailer mailer, AlertRules rules, String publicUrl, Clock clock) {
        this.db = db;
        this.mailer = mailer;
        this.rules = rules;
        this.publicUrl = publicUrl;
        this.clock = clock;
    }

    Set<String> recipients(String rig) {
        Set<String> to = new LinkedHashSet<>();
        for (AlertRules.Rule r : rules.rules()) {
            if (r.matchesAlarm(rig, "incident", Event.Severity.CRITICAL, Set.of())) {
                to.addAll(r.to());
            }
        }
        return to;
    }

    static AlertMessage message(MaintenanceRepository.Incident i, String publicUrl) {
        String link = publicUrl + "/maintenance.html?incident=" + i.id();
        String subject = "Derrick: CRITICAL " + i.category() + " incident on " + i.rig() + ": " + i.title();
        String facts = "Occurred " + i.occurredAt() + ", reported by " + i.reportedBy()
                + (i.location() == null ? "" : ", at " + i.location()) + ". Injuries: " + i.injuries()
                + ". Regulator notification required: " + (i.regulatorNotification() ? "yes" : "no") + "."
                + (i.environmentalImpact() == null ? "" : " Environmental impact: " + i.environmentalImpact() + ".");
        String text = subject + "\n\n" + i.description() + "\n\n" + facts + "\n\nThe incident: " + link + "\n";
        String html = "<p><b>" + AlertMessage.escape(subject) + "</b></p><p>" + AlertMessage.escape(i.description()) + "</p><p>"
                + AlertMessage.escape(facts) + "</p><p><a href=\"" + AlertMessage.escape(link) + "\">Open the incident</a></p>";
        return new AlertMessage(subject, text, html);
    }

    int sendDue() {
        int sent = 0;
        while (true) {
            Integer n = db.inTransaction(h -> {
                Optional<MaintenanceRepository.Incident> due = MaintenanceRepository.nextMail(h);
                if (due.isEmpty()) {
                    return null;
                }
                MaintenanceRepository.Incident i = due.get();
                AlertMessage m = message(i, publicUrl);
                int count = 0;
                for (String to : recipients(i.rig())) {
                    try {
                        mailer.send(to, m.subject(), m.text(), m.html());
                        count++;
                    } catch (Mailer.PermanentFailure e) {
                        log.error("incident {} email to {} refused: {}", i.id(), to, e.getMessage());
                    } catch (MessagingException e) {
                        log.warn("incident {} email to {} not sent, tried again next run: {}", i.id(), to, e.getMessage());
                        return -1;
                    }
                }
                MaintenanceRepository.mailed(h, i.id(), clock.instant());
                return count;
            });
            if (n == null || n < 0) {
                return sent;
            }
            sent += n;
        }
    }
}
