package io.derrick.hub.kpi;

import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.alert.AlertMessage;
import io.derrick.hub.alert.Mailer;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.report.ReportQuery;
import jakarta.mail.MessagingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The managers' daily digest (job {@code kpi-digest}): once the digest's hour has passed in its time zone, yesterday's
 * metres and NPT per rig, the alarms open now and the reports awaiting approval, written once per manager and day
 * ({@code kpi_digest}, its key the day and the recipient: a second hub, or a second run, writes nothing), then sent
 * each with its row locked (SKIP LOCKED: never twice); an unreachable server is tried again later, up to 10 times.
 */
public final class KpiDigest {
    private static final Logger log = LoggerFactory.getLogger(KpiDigest.class);
    static final int MAX_ATTEMPTS = 10;

    /** A recipient: the manager's username and email address. */
    public record Recipient(String username, String email) {
    }

    private final Database db;
    private final KpiRepository repo;
    private final ReportQuery reports;
    private final AlarmQuery alarms;
    private final Mailer mailer;
    private final Supplier<List<Recipient>> managers;
    private final Supplier<List<Kpis.Rig>> rigs;
    private final String publicUrl;
    private final Clock clock;
    private final LocalTime at;
    private final ZoneId zone;

    KpiDigest(Database db, KpiRepository repo, ReportQuery reports, AlarmQuery alarms, Mailer mailer, Supplier<List<Recipient>> managers,
              Supplier<List<Kpis.Rig>> rigs, String publicUrl, Clock clock, LocalTime at, ZoneId zone) {
        this.db = db;
        this.repo = repo;
        this.reports = reports;
        this.alarms = alarms;
        this.mailer = mailer;
        this.managers = managers;
        this.rigs = rigs;
        this.publicUrl = publicUrl;
        this.clock = clock;
        this.at = at;
        this.zone = zone;
    }

    /** The day whose digest is due now (yesterday, once the digest's hour has passed), or empty. */
    Optional<LocalDate> due(Instant now) {
        var local = now.atZone(zone);
        return local.toLocalTime().isBefore(at) ? Optional.empty() : Optional.of(local.toLocalDate().minusDays(1));
    }

    /** Writes the digest of {@code day} for each manager who has none yet; the number written. */
    int write(LocalDate day) {
        List<Recipient> to = managers.get();
        if (to.isEmpty()) {
            return 0;
        }
        AlertMessage m = message(day);
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            int n = 0;
            for (Recipient r : to) {
                n += h.createUpdate("""
                                INSERT INTO kpi_digest (day, recipient, subject, text_body, html_body, next_at, created_at)
                                VALUES (:day, :to, :subject, :text, :html, :now, :now) ON CONFLICT DO NOTHING""")
                        .bind("day", day).bind("to", r.email()).bind("subject", m.subject()).bind("text", m.text()).bind("html", m.html())
                        .bind("now", Timestamp.from(now)).execute();
            }
            return n;
        });
    }

    /** The digest of {@code day}: the fleet's figures, each rig's line, open alarms and reports awaiting approval. */
    AlertMessage message(LocalDate day) {
        List<Kpis.Rig> all = rigs.get();
        List<String> ids = all.stream().map(Kpis.Rig::id).toList();
        KpiRepository.Filter f = new KpiRepository.Filter(day, day, ids, null, null, false);
        Map<String, KpiRepository.Sums> byRig = new LinkedHashMap<>();
        repo.sums(f, KpiRepository.Group.RIG).forEach(s -> byRig.put(s.key(), s));
        Map<String, List<KpiRepository.Npt>> npt = repo.nptByRig(f);
        Map<String, Integer> open = db.read(alarms::openPerRig);
        Map<String, long[]> awaiting = db.read(reports::awaitingApproval);
        double metres = byRig.values().stream().mapToDouble(KpiRepository.Sums::metres).sum();
        double lost = byRig.values().stream().mapToDouble(KpiRepository.Sums::nptHours).sum();
        double plan = byRig.values().stream().mapToDouble(KpiRepository.Sums::planMetres).sum();
        int openAlarms = open.values().stream().mapToInt(Integer::intValue).sum();
        long waiting = awaiting.values().stream().mapToLong(a -> a[0] + a[1]).sum();
        String link = publicUrl + "/kpi.html?from=" + day + "&to=" + day;
        String subject = "Derrick daily digest " + day + ": " + fmt(metres) + " m drilled, " + fmt(lost) + " h NPT, " + openAlarms
                + " open alarms, " + waiting + " reports awaiting approval";
        StringBuilder text = new StringBuilder("Yesterday (" + day + "), the fleet drilled " + fmt(metres) + " m against a plan of " + fmt(plan)
                + " m, with " + fmt(lost) + " h of non-productive time.\n\n");
        StringBuilder html = new StringBuilder("<p>Yesterday (" + day + "), the fleet drilled <b>" + fmt(metres) + " m</b> against a plan of "
                + fmt(plan) + " m, with <b>" + fmt(lost) + " h</b> of non-productive time.</p>"
                + "<table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>Rig</th><th>Metres</th><th>Plan (m)</th><th>NPT (h)</th>"
                + "<th>Main NPT</th><th>Open alarms</th><th>Awaiting approval</th></tr>");
        text.append(String.format("%-24s %10s %10s %8s %12s %10s  %s%n", "Rig", "Metres", "Plan (m)", "NPT (h)", "Open alarms", "Awaiting", "Main NPT"));
        for (Kpis.Rig r : all) {
            String rig = r.id();
            String name = r.name();
            KpiRepository.Sums s = byRig.getOrDefault(rig, KpiFigures.none(rig));
            String main = npt.getOrDefault(rig, List.of()).stream().findFirst().map(n -> n.label() + " " + fmt(n.hours()) + " h").orElse("");
            long[] w = awaiting.getOrDefault(rig, new long[2]);
            int o = open.getOrDefault(rig, 0);
            text.append(String.format("%-24s %10s %10s %8s %12d %10d  %s%n", name, fmt(s.metres()), fmt(s.planMetres()), fmt(s.nptHours()), o,
                    w[0] + w[1], main));
            html.append("<tr><td>").append(AlertMessage.escape(name)).append("</td><td>").append(fmt(s.metres())).append("</td><td>")
                    .append(fmt(s.planMetres())).append("</td><td>").append(fmt(s.nptHours())).append("</td><td>").append(AlertMessage.escape(main))
                    .append("</td><td>").append(o).append("</td><td>").append(w[0]).append(" manager, ").append(w[1]).append(" client</td></tr>");
        }
        text.append("\nReports awaiting approval: ").append(waiting).append(" (the manager's: ")
                .append(awaiting.values().stream().mapToLong(a -> a[0]).sum()).append(", the client's: ")
                .append(awaiting.values().stream().mapToLong(a -> a[1]).sum()).append(").\n")
                .append("The dashboard: ").append(link).append('\n');
        html.append("</table><p><a href=\"").append(AlertMessage.escape(link)).append("\">Open the dashboard for ").append(day)
                .append("</a></p><p style=\"color:#666\">You receive this as a manager of the Derrick hub.</p>");
        return new AlertMessage(subject, text.toString(), html.toString());
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v);
    }

    /** Sends the digests due; the number sent. */
    int sendDue() {
        int sent = 0;
        while (true) {
            Boolean more = db.inTransaction(h -> {
                Instant now = clock.instant();
                var row = h.createQuery("""
                                SELECT day, recipient, subject, text_body, html_body, attempts FROM kpi_digest
                                WHERE status = 'pending' AND next_at <= :now ORDER BY day, recipient LIMIT 1 FOR UPDATE SKIP LOCKED""")
                        .bind("now", Timestamp.from(now))
                        .map((rs, ctx) -> new Object[] {rs.getObject("day", LocalDate.class), rs.getString("recipient"), rs.getString("subject"),
                                rs.getString("text_body"), rs.getString("html_body"), rs.getInt("attempts")})
                        .findOne();
                if (row.isEmpty()) {
                    return null;
                }
                Object[] r = row.get();
                String status;
                String error = null;
                Instant next = now;
                try {
                    mailer.send((String) r[1], (String) r[2], (String) r[3], (String) r[4]);
                    status = "sent";
                } catch (Mailer.PermanentFailure e) {
                    log.error("digest of {} to {} refused: {}", r[0], r[1], e.getMessage());
                    status = "failed";
                    error = e.getMessage();
                } catch (MessagingException e) {
                    int attempts = (int) r[5] + 1;
                    log.warn("digest of {} to {} not sent (attempt {}): {}", r[0], r[1], attempts, e.getMessage());
                    h.createUpdate("UPDATE kpi_digest SET attempts = attempts + 1, last_error = :e, next_at = :next, status = :status "
                                    + "WHERE day = :day AND recipient = :to")
                            .bind("e", e.getMessage()).bind("next", Timestamp.from(now.plus(Duration.ofMinutes(Math.min(60, 1L << Math.min(6, attempts))))))
                            .bind("status", attempts >= MAX_ATTEMPTS ? "failed" : "pending").bind("day", r[0]).bind("to", r[1]).execute();
                    return null;    // the server is away: the rest wait for the next run
                }
                h.createUpdate("UPDATE kpi_digest SET status = :status, attempts = attempts + 1, last_error = :e, sent_at = :now "
                                + "WHERE day = :day AND recipient = :to")
                        .bind("status", status).bind("e", error).bind("now", Timestamp.from(next)).bind("day", r[0]).bind("to", r[1]).execute();
                return status.equals("sent");
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
