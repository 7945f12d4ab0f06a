package io.derrick.hub.alert;

import io.derrick.hub.db.Database;
import io.derrick.protocol.Event;
import io.helidon.metrics.api.Counter;
import io.helidon.metrics.api.MeterRegistry;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns alarms and events into alert emails, in two steps that survive a restart between them.
 *
 * <ol>
 *   <li><b>Decide</b>: new alarms and events (not yet {@code alerted_at}) are matched against the rules; each
 *       recipient gets a notification row, PENDING, or SUPPRESSED when the same key on the same node emailed them
 *       within the rule's {@code repeatAfter}. Open alarms nobody acknowledged within {@code escalateAfter} of
 *       their first email get ESCALATED rows for the rule's {@code escalateTo}. Marking and inserting share one
 *       transaction, and the rows are locked with SKIP LOCKED, so two hubs never decide twice.</li>
 *   <li><b>Deliver</b>: each PENDING row is sent through SMTP; a recipient past {@code maxPerHour} is not
 *       emailed (SUPPRESSED, counted in their next email). An unreachable server is retried with backoff; a
 *       refused address fails the row for good.</li>
 * </ol>
 */
public final class AlertEngine implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AlertEngine.class);
    private static final int BATCH = 200;
    private static final int MAX_ATTEMPTS = 20;
    static final String RATE_LIMIT = "rate limit";

    private final Database db;
    private final AlertRules rules;
    private final Mailer mailer;
    private final String publicUrl;
    private final Object wake = new Object();
    private volatile boolean running;
    private boolean woken;
    private Thread thread;

    private final Counter sentCount;
    private final Counter failedCount;
    private final Counter suppressedCount;

    public AlertEngine(Database db, AlertRules rules, Mailer mailer, String publicUrl, MeterRegistry metrics) {
        this.db = db;
        this.rules = rules;
        this.mailer = mailer;
        this.publicUrl = publicUrl;
        this.sentCount = metrics.getOrCreate(Counter.builder("derrick_alert_emails_sent").description("alert emails the SMTP server took"));
        this.failedCount = metrics.getOrCreate(Counter.builder("derrick_alert_emails_failed")
                .description("alert email attempts that failed (retried unless refused)"));
        this.suppressedCount = metrics.getOrCreate(Counter.builder("derrick_alert_emails_suppressed")
                .description("alert emails not sent because of the per-recipient rate limit"));
    }

    public AlertEngine start(Duration interval) {
        running = true;
        thread = Thread.ofPlatform().name("alerts").daemon().start(() -> loop(interval));
        return this;
    }

    /** Something new was stored: decide now rather than at the next tick. */
    public void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void loop(Duration interval) {
        while (running) {
            try {
                runOnce();
            } catch (SQLException | RuntimeException e) {
                log.warn("alerting failed this round ({}); trying again in {} s", e.getMessage(), interval.toSeconds());
            }
            synchronized (wake) {
                if (!woken && running) {
                    try {
                        wake.wait(interval.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
        }
    }

    /** One round: decide, escalate, deliver. Returns the number of emails sent. */
    public int runOnce() throws SQLException {
        decideAlarms();
        decideClears();
        decideEvents();
        escalate();
        return mailer == null ? 0 : deliver();
    }

    private void decideAlarms() throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            List<AlertMessage.Subject> subjects = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            List<Set<String>> devices = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(ALARMS + " WHERE a.alerted_at IS NULL ORDER BY a.id LIMIT ? FOR UPDATE OF a SKIP LOCKED")) {
                ps.setInt(1, BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong("id"));
                        subjects.add(alarmSubject(rs, "RAISED"));
                        devices.add(strings(rs.getArray("devices")));
                    }
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                AlertMessage.Subject s = subjects.get(i);
                for (AlertRules.Rule rule : rules.rules()) {
                    if (rule.matchesAlarm(s.rig(), s.key(), Event.Severity.valueOf(s.severity()), devices.get(i))) {
                        notify(c, rule, s, ids.get(i), null, rule.to(), null);
                    }
                }
            }
            markAlerted(c, "alarm", ids);
            // an alarm already cleared when its raise is emailed says so there: no separate clear email
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE alarm SET clear_alerted_at = now() WHERE id = ANY (?) AND cleared_at IS NOT NULL")) {
                ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                ps.executeUpdate();
            }
            c.commit();
        }
    }

    /** Cleared alarms: the rules with notifyClear tell the people they emailed (or were about to) about the raise. */
    private void decideClears() throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            List<AlertMessage.Subject> subjects = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(ALARMS + """
                     WHERE a.cleared_at IS NOT NULL AND a.clear_alerted_at IS NULL AND a.alerted_at IS NOT NULL
                    ORDER BY a.id LIMIT ? FOR UPDATE OF a SKIP LOCKED""")) {
                ps.setInt(1, BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong("id"));
                        subjects.add(alarmSubject(rs, "CLEARED"));
                    }
                }
            }
            for (int i = 0; i < ids.size(); i++) {
                for (AlertRules.Rule rule : rules.rules()) {
                    if (!rule.notifyClear()) {
                        continue;
                    }
                    List<String> told = new ArrayList<>();
                    try (PreparedStatement ps = c.prepareStatement("""
                            SELECT DISTINCT recipient FROM alert_notification
                            WHERE rule = ? AND alarm_id = ? AND kind IN ('RAISED', 'ESCALATED') AND status IN ('PENDING', 'SENT')
                            ORDER BY recipient""")) {
                        ps.setString(1, rule.name());
                        ps.setLong(2, ids.get(i));
                        try (ResultSet rs = ps.executeQuery()) {
                            while (rs.next()) {
                                told.add(rs.getString(1));
                            }
                        }
                    }
                    if (!told.isEmpty()) {
                        notify(c, rule, subjects.get(i), ids.get(i), null, told, null);
                    }
                }
            }
            if (!ids.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE alarm SET clear_alerted_at = now() WHERE id = ANY (?)")) {
                    ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
                    ps.executeUpdate();
                }
            }
            c.commit();
        }
    }

    private void decideEvents() throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            List<Long> ids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT e.id, e.rig_id, e.node_id, e.type, e.severity, e.reason, e.channels, e.at, e.alarm_key,
                           (SELECT array_agg(DISTINCT ch.device) FROM channel ch WHERE ch.rig_id = e.rig_id AND ch.node_id = e.node_id
                              AND ch.mnemonic = ANY (e.channels) AND ch.device IS NOT NULL) AS devices
                    FROM event e WHERE e.alerted_at IS NULL ORDER BY e.id LIMIT ? FOR UPDATE OF e SKIP LOCKED""")) {
                ps.setInt(1, BATCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong("id");
                        ids.add(id);
                        if (rs.getString("alarm_key") != null) {
                            continue; // alarms are alerted from the alarm table
                        }
                        Event.Type type = Event.Type.valueOf(rs.getString("type"));
                        Event.Severity severity = Event.Severity.valueOf(rs.getString("severity"));
                        AlertMessage.Subject s = new AlertMessage.Subject("EVENT", rs.getString("rig_id"), rs.getString("node_id"),
                                type.name(), "edge", type.name(), severity.name(), rs.getString("reason"), strings(rs.getArray("channels")).stream().toList(),
                                rs.getTimestamp("at").toInstant(), null, null, null, null);
                        Set<String> devices = strings(rs.getArray("devices"));
                        for (AlertRules.Rule rule : rules.rules()) {
                            if (rule.matchesEvent(s.rig(), type, severity, devices)) {
                                notify(c, rule, s, null, id, rule.to(), null);
                            }
                        }
                    }
                }
            }
            markAlerted(c, "event", ids);
            c.commit();
        }
    }

    private void escalate() throws SQLException {
        for (AlertRules.Rule rule : rules.rules()) {
            if (!rule.escalates()) {
                continue;
            }
            try (Connection c = db.connection()) {
                c.setAutoCommit(false);
                List<AlertMessage.Subject> subjects = new ArrayList<>();
                List<Long> ids = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement(ALARMS + """
                         WHERE a.cleared_at IS NULL AND a.acknowledged_at IS NULL
                          AND EXISTS (SELECT 1 FROM alert_notification n WHERE n.rule = ? AND n.alarm_id = a.id AND n.kind = 'RAISED'
                                      AND n.created_at < now() - make_interval(secs => ?))
                          AND NOT EXISTS (SELECT 1 FROM alert_notification n WHERE n.rule = ? AND n.alarm_id = a.id AND n.kind = 'ESCALATED')
                        ORDER BY a.id LIMIT ? FOR UPDATE OF a SKIP LOCKED""")) {
                    ps.setString(1, rule.name());
                    ps.setDouble(2, rule.escalateAfter().toMillis() / 1000.0);
                    ps.setString(3, rule.name());
                    ps.setInt(4, BATCH);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.add(rs.getLong("id"));
                            subjects.add(alarmSubject(rs, "ESCALATED"));
                        }
                    }
                }
                for (int i = 0; i < ids.size(); i++) {
                    notify(c, rule, subjects.get(i), ids.get(i), null, rule.escalateTo(), rule.escalateAfter());
                }
                c.commit();
            }
        }
    }

    /** One row per recipient; SUPPRESSED when this rule emailed them about the same key on the same node lately. */
    private void notify(Connection c, AlertRules.Rule rule, AlertMessage.Subject s, Long alarmId, Long eventId,
                        List<String> recipients, Duration escalatedAfter) throws SQLException {
        AlertMessage message = AlertMessage.of(s, rule.name(), publicUrl, escalatedAfter);
        for (String to : recipients) {
            Instant repeatOf = null;
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT max(created_at) FROM alert_notification
                    WHERE rule = ? AND kind = ? AND rig_id = ? AND node_id = ? AND subject_key = ? AND recipient = ?
                      AND status IN ('PENDING', 'SENT') AND created_at > now() - make_interval(secs => ?)
                      AND alarm_id IS DISTINCT FROM ?""")) {
                ps.setString(1, rule.name());
                ps.setString(2, s.kind());
                ps.setString(3, s.rig());
                ps.setString(4, s.node());
                ps.setString(5, s.key());
                ps.setString(6, to);
                ps.setDouble(7, rule.repeatAfter().toMillis() / 1000.0);
                ps.setObject(8, alarmId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getTimestamp(1) != null) {
                        repeatOf = rs.getTimestamp(1).toInstant();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO alert_notification (rule, kind, alarm_id, event_id, rig_id, node_id, subject_key, severity,
                                                    recipient, subject, body_text, body_html, status, status_reason)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""")) {
                ps.setString(1, rule.name());
                ps.setString(2, s.kind());
                ps.setObject(3, alarmId);
                ps.setObject(4, eventId);
                ps.setString(5, s.rig());
                ps.setString(6, s.node());
                ps.setString(7, s.key());
                ps.setString(8, s.severity());
                ps.setString(9, to);
                ps.setString(10, message.subject());
                ps.setString(11, message.text());
                ps.setString(12, message.html());
                ps.setString(13, repeatOf == null ? "PENDING" : "SUPPRESSED");
                ps.setString(14, repeatOf == null ? null
                        : "repeat: " + s.key() + " on " + s.node() + " was emailed at " + repeatOf + ", within " + rule.repeatAfter());
                ps.executeUpdate();
            }
        }
    }

    private int deliver() throws SQLException {
        int sent = 0;
        while (running || thread == null) {
            try (Connection c = db.connection()) {
                c.setAutoCommit(false);
                long id;
                String to;
                AlertMessage message;
                int attempts;
                try (PreparedStatement ps = c.prepareStatement("""
                        SELECT id, recipient, subject, body_text, body_html, attempts FROM alert_notification
                        WHERE status = 'PENDING' AND next_attempt <= now() ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED""");
                     ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        c.rollback();
                        return sent;
                    }
                    id = rs.getLong(1);
                    to = rs.getString(2);
                    message = new AlertMessage(rs.getString(3), rs.getString(4), rs.getString(5));
                    attempts = rs.getInt(6);
                }
                long lastHour = count(c, """
                        SELECT count(*) FROM alert_notification
                        WHERE recipient = ? AND status = 'SENT' AND sent_at > now() - interval '1 hour'""", to);
                if (lastHour >= rules.maxPerHour()) {
                    update(c, id, "SUPPRESSED", RATE_LIMIT + ": " + lastHour + " emails to " + to + " in the last hour", attempts);
                    c.commit();
                    suppressedCount.increment();
                    continue;
                }
                long held = count(c, """
                        SELECT count(*) FROM alert_notification
                        WHERE recipient = ? AND status = 'SUPPRESSED' AND status_reason LIKE 'rate limit%'
                          AND created_at > coalesce((SELECT max(sent_at) FROM alert_notification WHERE recipient = ? AND status = 'SENT'),
                                                    '-infinity')""", to, to);
                if (held > 0) {
                    message = message.withHeldBack(held, publicUrl);
                }
                try {
                    mailer.send(to, message.subject(), message.text(), message.html());
                    try (PreparedStatement ps = c.prepareStatement("""
                            UPDATE alert_notification SET status = 'SENT', sent_at = now(), attempts = attempts + 1,
                                   status_reason = NULL, body_text = ?, body_html = ? WHERE id = ?""")) {
                        ps.setString(1, message.text());
                        ps.setString(2, message.html());
                        ps.setLong(3, id);
                        ps.executeUpdate();
                    }
                    sent++;
                    sentCount.increment();
                } catch (Mailer.PermanentFailure e) {
                    failedCount.increment();
                    log.error("alert email {} to {} refused: {}", id, to, e.getMessage());
                    update(c, id, "FAILED", e.getMessage(), attempts + 1);
                } catch (MessagingException e) {
                    failedCount.increment();
                    boolean last = attempts + 1 >= MAX_ATTEMPTS;
                    log.warn("alert email {} to {} not sent (attempt {}): {}", id, to, attempts + 1, e.getMessage());
                    update(c, id, last ? "FAILED" : "PENDING", e.getMessage(), attempts + 1);
                    c.commit();
                    return sent; // the server is unreachable: the other emails wait for the next round
                }
                c.commit();
            }
        }
        return sent;
    }

    private static void update(Connection c, long id, String status, String reason, int attempts) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE alert_notification SET status = ?, status_reason = ?, attempts = ?,
                       next_attempt = now() + make_interval(secs => least(3600, 30 * power(2, ?)))
                WHERE id = ?""")) {
            ps.setString(1, status);
            ps.setString(2, reason);
            ps.setInt(3, attempts);
            ps.setInt(4, Math.min(attempts, 12));
            ps.setLong(5, id);
            ps.executeUpdate();
        }
    }

    private static final String ALARMS = """
            SELECT a.id, a.rig_id, a.node_id, a.alarm_key, a.source, a.type, a.severity, a.reason, a.channels, a.raised_at,
                   a.acknowledged_at, a.acknowledged_by, a.cleared_at, a.clear_reason,
                   (SELECT array_agg(DISTINCT ch.device) FROM channel ch WHERE ch.rig_id = a.rig_id AND ch.node_id = a.node_id
                      AND ch.mnemonic = ANY (a.channels) AND ch.device IS NOT NULL) AS devices
            FROM alarm a""";

    private static AlertMessage.Subject alarmSubject(ResultSet rs, String kind) throws SQLException {
        Timestamp acked = rs.getTimestamp("acknowledged_at");
        Timestamp cleared = rs.getTimestamp("cleared_at");
        return new AlertMessage.Subject(kind, rs.getString("rig_id"), rs.getString("node_id"), rs.getString("alarm_key"),
                rs.getString("source"), rs.getString("type"), rs.getString("severity"), rs.getString("reason"),
                List.copyOf(strings(rs.getArray("channels"))), rs.getTimestamp("raised_at").toInstant(),
                acked == null ? null : acked.toInstant(), rs.getString("acknowledged_by"), cleared == null ? null : cleared.toInstant(),
                rs.getString("clear_reason"));
    }

    private static void markAlerted(Connection c, String table, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET alerted_at = now() WHERE id = ANY (?)")) {
            ps.setArray(1, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        }
    }

    private static long count(Connection c, String sql, String... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static Set<String> strings(Array array) throws SQLException {
        if (array == null) {
            return Set.of();
        }
        return new java.util.LinkedHashSet<>(List.of((String[]) array.getArray()));
    }

    @Override
    public void close() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
