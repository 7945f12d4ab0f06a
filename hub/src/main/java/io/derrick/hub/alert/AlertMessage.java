package io.derrick.hub.alert;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The words of one alert email: subject, plain text and the same as HTML, with a link to the rig view. */
public record AlertMessage(String subject, String text, String html) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final int SUBJECT_REASON = 110;

    /** What an alert is about: an alarm (key set) or a plain event (key is the event type). */
    public record Subject(String kind, String rig, String node, String key, String source, String type, String severity,
                          String reason, List<String> channels, Instant at, Instant acknowledgedAt, String acknowledgedBy,
                          Instant clearedAt, String clearReason) {
    }

    public static AlertMessage of(Subject s, String rule, String publicUrl, Duration escalatedAfter) {
        String link = publicUrl + "/rig.html?rig=" + java.net.URLEncoder.encode(s.rig(), java.nio.charset.StandardCharsets.UTF_8);
        boolean alarm = !s.kind().equals("EVENT");
        boolean escalated = s.kind().equals("ESCALATED");
        boolean cleared = s.kind().equals("CLEARED");
        String what = alarm ? s.key() : s.type();
        String subject = cleared
                ? "[Derrick] CLEARED " + s.rig() + ": " + what + " — " + shorten(s.clearReason() == null ? s.reason() : s.clearReason(), SUBJECT_REASON)
                : "[Derrick] " + (escalated ? "UNACKNOWLEDGED " : "") + s.severity() + " " + s.rig() + ": " + what
                + (escalated ? " for " + minutes(escalatedAfter) : "") + " — " + shorten(s.reason(), SUBJECT_REASON)
                + (s.clearedAt() != null ? " [cleared]" : "");
        String headline = escalated
                ? "Nobody has acknowledged this " + s.severity() + " alarm on " + s.rig() + " for " + minutes(escalatedAfter) + "."
                : cleared ? "The " + s.severity() + " alarm " + what + " on " + s.rig() + " (" + s.node() + ") has cleared."
                : alarm ? s.severity() + " alarm on " + s.rig() + " (" + s.node() + ")"
                : s.severity() + " event on " + s.rig() + " (" + s.node() + ")";
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("What", s.reason());
        if (cleared && s.clearReason() != null) {
            facts.put("Cleared", s.clearReason());
        }
        facts.put(alarm ? "Alarm" : "Event", what + (alarm ? " (" + (s.source().equals("hub") ? "raised by the hub" : "raised on the rig") + ")" : ""));
        facts.put(alarm ? "Raised" : "At", TIME.format(s.at()));
        if (!s.channels().isEmpty()) {
            facts.put("Channels", String.join(", ", s.channels()));
        }
        if (alarm) {
            List<String> state = new ArrayList<>();
            state.add(s.acknowledgedAt() == null ? "not acknowledged"
                    : "acknowledged by " + s.acknowledgedBy() + " at " + TIME.format(s.acknowledgedAt()));
            state.add(s.clearedAt() == null ? "active" : "cleared at " + TIME.format(s.clearedAt()));
            facts.put("State", String.join(", ", state));
        }
        facts.put("Rig view", link);
        String footer = "You receive this because of the alert rule \"" + rule + "\" of the Derrick hub at " + publicUrl + ".";
        String action = alarm && s.acknowledgedAt() == null && s.clearedAt() == null
                ? "Acknowledge it in the rig view, or on the rig's status page." : "";

        StringBuilder text = new StringBuilder(headline).append("\n\n");
        int width = facts.keySet().stream().mapToInt(String::length).max().orElse(0) + 2;
        facts.forEach((k, v) -> text.append(String.format("%-" + width + "s%s%n", k + ":", v)));
        if (!action.isEmpty()) {
            text.append('\n').append(action).append('\n');
        }
        text.append("\n-- \n").append(footer).append('\n');

        String color = switch (s.severity()) {
            case "CRITICAL" -> "#c62828";
            case "WARNING" -> "#b26a00";
            default -> "#1565c0";
        };
        StringBuilder html = new StringBuilder("<!doctype html><html><body style=\"font-family:sans-serif;color:#222\">")
                .append("<p style=\"font-size:18px;font-weight:bold;color:").append(color).append("\">").append(escape(headline)).append("</p>")
                .append("<table style=\"border-collapse:collapse\">");
        facts.forEach((k, v) -> html.append("<tr><td style=\"padding:2px 12px 2px 0;color:#666\">").append(escape(k))
                .append("</td><td style=\"padding:2px 0\">")
                .append(k.equals("Rig view") ? "<a href=\"" + escape(v) + "\">" + escape(v) + "</a>" : escape(v))
                .append("</td></tr>"));
        html.append("</table>");
        if (!action.isEmpty()) {
            html.append("<p>").append(escape(action)).append("</p>");
        }
        html.append("<p><a href=\"").append(escape(link)).append("\" style=\"display:inline-block;padding:8px 14px;background:")
                .append(color).append(";color:#fff;text-decoration:none;border-radius:4px\">Open ").append(escape(s.rig()))
                .append(" in Derrick</a></p><p style=\"color:#888;font-size:12px\">").append(escape(footer)).append("</p></body></html>");
        return new AlertMessage(subject, text.toString(), html.toString());
    }

    /** The same email with a note that the rate limit held back {@code held} others. */
    public AlertMessage withHeldBack(long held, String publicUrl) {
        String note = held + " further alert(s) for you were held back by the rate limit since your last email. All alarms: " + publicUrl + "/";
        return new AlertMessage(subject, text + "\n" + note + "\n",
                html.replace("</body>", "<p style=\"color:#b26a00\">" + escape(note) + "</p></body>"));
    }

    private static String minutes(Duration d) {
        if (d.toMinutes() == 0) {
            return d.toSeconds() + " s";
        }
        long m = d.toMinutes();
        return m < 120 ? m + " min" : (m / 60) + " h " + (m % 60) + " min";
    }

    private static String shorten(String s, int max) {
        String line = s.replaceAll("\\s+", " ").strip();
        return line.length() <= max ? line : line.substring(0, max - 1) + "…";
    }

    public static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
