package io.derrick.hub.alert;

import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.alarm.AlarmRepository;
import io.derrick.protocol.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Who is emailed about what, and whether now: the alert rules applied to an alarm's raise, its clear, its escalation
 * or a plain event, and the per-recipient limit applied to an email about to go. Plain logic, no database and no SMTP:
 * what it needs of the emails so far comes through {@link Past} (AlertDeciderTest tables it).
 */
final class AlertDecider {
    static final String RATE_LIMIT = "rate limit";
    /** attempts on an unreachable SMTP server before an email fails for good */
    static final int MAX_ATTEMPTS = 20;

    /** One email to one recipient as decided: PENDING to be sent, or SUPPRESSED with the reason. */
    record Notice(String rule, String kind, Long alarmId, Long eventId, AlertMessage.Subject subject, String recipient,
                  String status, String reason, AlertMessage message) {
    }

    /** What a decision needs to know of the emails decided before. */
    interface Past {
        /**
         * When {@code rule} last emailed (pending or sent) {@code recipient} about {@code key} of this kind on this node
         * after {@code since}, about another alarm than {@code alarmId} (null for an event).
         */
        Optional<Instant> lastEmailed(String rule, String kind, String rig, String node, String key, String recipient,
                                      Instant since, Long alarmId);

        /** The people {@code rule} told (pending or sent) about the raise or escalation of {@code alarmId}. */
        List<String> told(String rule, long alarmId);
    }

    /** What to do with an email about to go. */
    sealed interface Delivery {
        /** Send it; {@code heldBack} emails for the recipient were suppressed by the limit since their last one. */
        record Send(long heldBack) implements Delivery {
        }

        record Suppress(String reason) implements Delivery {
        }
    }

    /** After a failed attempt: the status, why, and when to try again. */
    record Retry(String status, String reason, int attempts, Instant nextAttempt) {
    }

    private final AlertRules rules;
    private final String publicUrl;

    AlertDecider(AlertRules rules, String publicUrl) {
        this.rules = rules;
        this.publicUrl = publicUrl;
    }

    /** A new alarm: each matching rule emails its people, unless it emailed them about the same key lately. */
    List<Notice> raised(AlarmRepository.Alarm alarm, Set<String> devices, Past past, Instant now) {
        AlertMessage.Subject s = subject(alarm, "RAISED");
        List<Notice> notices = new ArrayList<>();
        for (AlertRules.Rule rule : rules.rules()) {
            if (rule.matchesAlarm(alarm.rig(), alarm.key(), Event.Severity.valueOf(alarm.severity()), devices)) {
                notices.addAll(notices(rule, s, alarm.id(), null, rule.to(), null, past, now));
            }
        }
        return notices;
    }

    /** A cleared alarm: the rules with notifyClear tell the people they emailed (or were about to) about its raise. */
    List<Notice> cleared(AlarmRepository.Alarm alarm, Past past, Instant now) {
        AlertMessage.Subject s = subject(alarm, "CLEARED");
        List<Notice> notices = new ArrayList<>();
        for (AlertRules.Rule rule : rules.rules()) {
            if (rule.notifyClear()) {
                List<String> told = past.told(rule.name(), alarm.id());
                if (!told.isEmpty()) {
                    notices.addAll(notices(rule, s, alarm.id(), null, told, null, past, now));
                }
            }
        }
        return notices;
    }

    /** An event that is not an alarm (data loss, a device down): the rules that list its type. */
    List<Notice> event(AlarmQuery.NewEvent e, Set<String> devices, Past past, Instant now) {
        if (e.alarmKey() != null) {
            return List.of();   // alarms are alerted from the alarm
        }
        AlertMessage.Subject s = new AlertMessage.Subject("EVENT", e.rig(), e.node(), e.type().name(), "edge", e.type().name(),
                e.severity().name(), e.reason(), e.channels(), e.at(), null, null, null, null);
        List<Notice> notices = new ArrayList<>();
        for (AlertRules.Rule rule : rules.rules()) {
            if (rule.matchesEvent(e.rig(), e.type(), e.severity(), devices)) {
                notices.addAll(notices(rule, s, null, e.id(), rule.to(), null, past, now));
            }
        }
        return notices;
    }

    /** An alarm of {@code rule}'s that nobody acknowledged within its escalateAfter: the people above. */
    List<Notice> escalated(AlertRules.Rule rule, AlarmRepository.Alarm alarm, Past past, Instant now) {
        return notices(rule, subject(alarm, "ESCALATED"), alarm.id(), null, rule.escalateTo(), rule.escalateAfter(), past, now);
    }

    /** The limit: a recipient who got {@code maxPerHour} emails in the last hour gets no more now. */
    Delivery deliver(String recipient, long sentLastHour, long heldBack) {
        if (sentLastHour >= rules.maxPerHour()) {
            return new Delivery.Suppress(RATE_LIMIT + ": " + sentLastHour + " emails to " + recipient + " in the last hour");
        }
        return new Delivery.Send(heldBack);
    }

    /**
     * After attempt number {@code attempts + 1} failed: a refused address or message fails for good; an unreachable
     * server is tried again after 1, 2, 4 … minutes (at most an hour), {@value #MAX_ATTEMPTS} times in all.
     */
    static Retry failed(int attempts, boolean permanent, String reason, Instant now) {
        int tried = attempts + 1;
        String status = permanent || tried >= MAX_ATTEMPTS ? "FAILED" : "PENDING";
        long backoffS = Math.min(3600, 30L << Math.min(tried, 12));
        return new Retry(status, reason, tried, now.plusSeconds(backoffS));
    }

    private List<Notice> notices(AlertRules.Rule rule, AlertMessage.Subject s, Long alarmId, Long eventId, List<String> recipients,
                                 Duration escalatedAfter, Past past, Instant now) {
        AlertMessage message = AlertMessage.of(s, rule.name(), publicUrl, escalatedAfter);
        List<Notice> notices = new ArrayList<>();
        for (String to : recipients) {
            Optional<Instant> repeatOf = past.lastEmailed(rule.name(), s.kind(), s.rig(), s.node(), s.key(), to,
                    now.minus(rule.repeatAfter()), alarmId);
            notices.add(new Notice(rule.name(), s.kind(), alarmId, eventId, s, to, repeatOf.isPresent() ? "SUPPRESSED" : "PENDING",
                    repeatOf.map(at -> "repeat: " + s.key() + " on " + s.node() + " was emailed at " + at + ", within " + rule.repeatAfter())
                            .orElse(null),
                    message));
        }
        return notices;
    }

    static AlertMessage.Subject subject(AlarmRepository.Alarm a, String kind) {
        return new AlertMessage.Subject(kind, a.rig(), a.node(), a.key(), a.source(), a.type(), a.severity(), a.reason(), a.channels(),
                a.raisedAt(), a.acknowledgedAt(), a.acknowledgedBy(), a.clearedAt(), a.clearReason());
    }
}
