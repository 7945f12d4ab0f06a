package io.derrick.hub.alert;

import io.derrick.hub.platform.db.Database;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.LinkedHashMap;

/**
 * The alert emails ({@code alert_notification}), an outbox: each is written, PENDING or SUPPRESSED, in the transaction
 * that decides it, then sent and marked. A hub that stops midway sends what is pending when it is back; the table's
 * unique key keeps a rule from emailing one person twice about one thing.
 */
final class NotificationRepository {
    /** An email waiting to go. */
    record Pending(long id, String recipient, AlertMessage message, int attempts) {
    }

    private final Database db;

    NotificationRepository(Database db) {
        this.db = db;
    }

    /** The emails so far, as the decider asks about them, inside the deciding transaction. */
    AlertDecider.Past past(Handle h) {
        return new AlertDecider.Past() {
            @Override
            public Optional<Instant> lastEmailed(String rule, String kind, String rig, String node, String key, String recipient,
                                                 Instant since, Long alarmId) {
                return h.createQuery("""
                                SELECT max(created_at) FROM alert_notification
                                WHERE rule = :rule AND kind = :kind AND rig_id = :rig AND node_id = :node AND subject_key = :key
                                  AND recipient = :to AND status IN ('PENDING', 'SENT') AND created_at > :since
                                  AND alarm_id IS DISTINCT FROM :alarm""")
                        .bind("rule", rule).bind("kind", kind).bind("rig", rig).bind("node", node).bind("key", key)
                        .bind("to", recipient).bind("since", since).bind("alarm", alarmId)
                        .mapTo(Instant.class).findOne();
            }

            @Override
            public List<String> told(String rule, long alarmId) {
                return h.createQuery("""
                                SELECT DISTINCT recipient FROM alert_notification
                                WHERE rule = :rule AND alarm_id = :alarm AND kind IN ('RAISED', 'ESCALATED') AND status IN ('PENDING', 'SENT')
                                ORDER BY recipient""")
                        .bind("rule", rule).bind("alarm", alarmId).mapTo(String.class).list();
            }
        };
    }

    /** Writes what was decided (a notice decided before for the same rule, kind, subject and person is kept as it was). */
    void insert(Handle h, List<AlertDecider.Notice> notices, Instant now) {
        for (AlertDecider.Notice n : notices) {
            h.createUpdate("""
                            INSERT INTO alert_notification (created_at, rule, kind, alarm_id, event_id, rig_id, node_id, subject_key, severity,
                                                            recipient, subject, body_text, body_html, status, status_reason, next_attempt)
                            VALUES (:now, :rule, :kind, :alarm, :event, :rig, :node, :key, :severity, :to, :subject, :text, :html,
                                    :status, :reason, :now)
                            ON CONFLICT DO NOTHING""")
                    .bind("now", now).bind("rule", n.rule()).bind("kind", n.kind()).bind("alarm", n.alarmId()).bind("event", n.eventId())
                    .bind("rig", n.subject().rig()).bind("node", n.subject().node()).bind("key", n.subject().key())
                    .bind("severity", n.subject().severity()).bind("to", n.recipient()).bind("subject", n.message().subject())
                    .bind("text", n.message().text()).bind("html", n.message().html()).bind("status", n.status()).bind("reason", n.reason())
                    .execute();
        }
    }

    /** Of the alarms {@code candidates}, those {@code rule} emailed about over {@code after} ago and has not escalated. */
    java.util.Set<Long> dueForEscalation(Handle h, String rule, java.util.Collection<Long> candidates, Duration after, Instant now) {
        if (candidates.isEmpty()) {
            return java.util.Set.of();
        }
        return java.util.Set.copyOf(h.createQuery("""
                        SELECT DISTINCT alarm_id FROM alert_notification n
                        WHERE rule = :rule AND kind = 'RAISED' AND created_at < :before AND alarm_id = ANY (:ids)
                          AND NOT EXISTS (SELECT 1 FROM alert_notification e WHERE e.rule = :rule AND e.alarm_id = n.alarm_id AND e.kind = 'ESCALATED')""")
                .bind("rule", rule).bind("before", now.minus(after)).bindArray("ids", Long.class, java.util.List.copyOf(candidates))
                .mapTo(Long.class).list());
    }

    /** The oldest email due at {@code now}, locked for this delivery, in {@code h}'s transaction. */
    Optional<Pending> nextDue(Handle h, Instant now) {
        return h.createQuery("""
                        SELECT id, recipient, subject, body_text, body_html, attempts FROM alert_notification
                        WHERE status = 'PENDING' AND next_attempt <= :now ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .bind("now", now)
                .map((rs, ctx) -> new Pending(rs.getLong("id"), rs.getString("recipient"),
                        new AlertMessage(rs.getString("subject"), rs.getString("body_text"), rs.getString("body_html")), rs.getInt("attempts")))
                .findOne();
    }

    /** Emails sent to {@code recipient} in the hour before {@code now}. */
    long sentInTheLastHour(Handle h, String recipient, Instant now) {
        return h.createQuery("SELECT count(*) FROM alert_notification WHERE recipient = :to AND status = 'SENT' AND sent_at > :since")
                .bind("to", recipient).bind("since", now.minus(Duration.ofHours(1))).mapTo(Long.class).one();
    }

    /** Emails to {@code recipient} the limit held back since their last one. */
    long heldBack(Handle h, String recipient) {
        return h.createQuery("""
                        SELECT count(*) FROM alert_notification
                        WHERE recipient = :to AND status = 'SUPPRESSED' AND status_reason LIKE :limit
                          AND created_at > coalesce((SELECT max(sent_at) FROM alert_notification WHERE recipient = :to AND status = 'SENT'),
                                                    '-infinity')""")
                .bind("to", recipient).bind("limit", AlertDecider.RATE_LIMIT + "%").mapTo(Long.class).one();
    }

    void sent(Handle h, long id, AlertMessage message, Instant now) {
        h.createUpdate("""
                        UPDATE alert_notification SET status = 'SENT', sent_at = :now, attempts = attempts + 1, status_reason = NULL,
                               body_text = :text, body_html = :html WHERE id = :id""")
                .bind("now", now).bind("text", message.text()).bind("html", message.html()).bind("id", id).execute();
    }

    void suppressed(Handle h, long id, String reason) {
        h.createUpdate("UPDATE alert_notification SET status = 'SUPPRESSED', status_reason = :reason WHERE id = :id")
                .bind("reason", reason).bind("id", id).execute();
    }

    void failed(Handle h, long id, AlertDecider.Retry retry) {
        h.createUpdate("UPDATE alert_notification SET status = :status, status_reason = :reason, attempts = :attempts, next_attempt = :next WHERE id = :id")
                .bind("status", retry.status()).bind("reason", retry.reason()).bind("attempts", retry.attempts())
                .bind("next", retry.nextAttempt()).bind("id", id).execute();
    }

    /** The newest emails, for {@code GET /api/alerts}; {@code status} null for any. */
    List<Map<String, Object>> list(String status, int limit) {
        return db.read(h -> h.createQuery("""
                        SELECT id, created_at, rule, kind, alarm_id, event_id, rig_id, node_id, subject_key, severity, recipient,
                               subject, status, status_reason, attempts, sent_at
                        FROM alert_notification WHERE (CAST(:status AS text) IS NULL OR status = :status) ORDER BY id DESC LIMIT :limit""")
                .bind("status", status).bind("limit", limit)
                .map((rs, ctx) -> shown(rs)).list());
    }

    private static Map<String, Object> shown(ResultSet rs) throws SQLException {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", rs.getLong("id"));
        n.put("createdAt", instant(rs, "created_at"));
        n.put("rule", rs.getString("rule"));
        n.put("kind", rs.getString("kind"));
        n.put("alarmId", (Long) rs.getObject("alarm_id"));
        n.put("eventId", (Long) rs.getObject("event_id"));
        n.put("rig", rs.getString("rig_id"));
        n.put("node", rs.getString("node_id"));
        n.put("key", rs.getString("subject_key"));
        n.put("severity", rs.getString("severity"));
        n.put("recipient", rs.getString("recipient"));
        n.put("subject", rs.getString("subject"));
        n.put("status", rs.getString("status"));
        n.put("statusReason", rs.getString("status_reason"));
        n.put("attempts", rs.getInt("attempts"));
        n.put("sentAt", instant(rs, "sent_at"));
        return n;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
