package io.derrick.hub.history;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.ApiException;
import io.derrick.hub.platform.web.Jsons;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.platform.web.RigScope;
import io.derrick.hub.history.HistoryRepository.ChannelRef;
import io.derrick.hub.history.HistoryRepository.History;
import io.derrick.hub.history.HistoryRepository.Series;
import io.derrick.hub.history.HistoryRepository.Source;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code /api/rigs/{rig}/history} and {@code history.csv}: channels over a window, downsampled.
 * Parameters: {@code channels} (comma-separated mnemonics, or {@code NODE:MNEMONIC} when a mnemonic is on
 * two nodes), {@code from}/{@code to} (ISO-8601, default the last hour), {@code points} (1–10,000,
 * default 1,000), {@code source} (auto, raw, 1m, 1h).
 */
final class HistoryRoutes {
    static final Duration MAX_SPAN = Duration.ofDays(400);
    private static final Set<String> PARAMETERS = Set.of("channels", "from", "to", "points", "source");
    private static final Map<String, Source> SOURCES = Map.of("auto", Source.AUTO, "raw", Source.RAW, "1m", Source.MINUTE, "1h", Source.HOUR);

    private final HistoryRepository history;
    private final RigScope scope;
    private final java.time.Clock clock;

    HistoryRoutes(HistoryRepository history, RigScope scope, java.time.Clock clock) {
        this.history = history;
        this.scope = scope;
        this.clock = clock;
    }

    void routes(Routes rigs) {
        rigs.get("/{rig}/history", Access.SIGNED_IN, this::json).get("/{rig}/history.csv", Access.SIGNED_IN, this::csv);
    }

    private void json(ServerRequest req, ServerResponse res) {
        Jsons.send(res, query(req));
    }

    private void csv(ServerRequest req, ServerResponse res) {
        History h = query(req);
        StringBuilder out = new StringBuilder("time");
        Map<Long, String[]> rows = new TreeMap<>();
        for (int s = 0; s < h.series().size(); s++) {
            Series series = h.series().get(s);
            out.append(',').append(series.channel()).append(series.unit() == null ? "" : " [" + series.unit() + "]");
            for (int i = 0; i < series.t().length; i++) {
                rows.computeIfAbsent(series.t()[i], k -> new String[h.series().size()])[s] = Double.toString(series.avg()[i]);
            }
        }
        out.append('\n');
        for (Map.Entry<Long, String[]> row : rows.entrySet()) {
            out.append(Instant.ofEpochMilli(row.getKey()));
            for (String v : row.getValue()) {
                out.append(',').append(v == null ? "" : v);
            }
            out.append('\n');
        }
        res.header(HeaderNames.CONTENT_TYPE, "text/csv; charset=utf-8")
                .header(HeaderNames.CONTENT_DISPOSITION, "attachment; filename=\"" + h.rig() + "-history.csv\"")
                .send(out.toString().getBytes(StandardCharsets.UTF_8));
    }

    private History query(ServerRequest req) {
        Params p = new Params(req, PARAMETERS);
        String rig = p.rigPath();
        scope.require(req, rig);
        Instant now = clock.instant();
        Instant to = p.instant("to", now);
        Instant from = p.instant("from", to.minus(Duration.ofHours(1)));
        int points = p.integer("points", 1000, 1, 10_000);
        Source source = SOURCES.get(p.choice("source", "auto", SOURCES.keySet()));
        List<String> names = new ArrayList<>();
        for (String raw : req.query().all("channels", List::of)) {
            for (String s : raw.split(",")) {
                if (!s.isBlank()) {
                    names.add(s.strip());
                }
            }
        }
        if (!from.isBefore(to)) {
            p.error("from", "must be before to (" + to + ")");
        } else if (Duration.between(from, to).compareTo(MAX_SPAN) > 0) {
            p.error("to", "the window may span at most " + MAX_SPAN.toDays() + " days");
        }
        if (names.isEmpty()) {
            p.error("channels", "name at least one channel, e.g. channels=HKLD,WOB");
        } else if (names.size() > 20) {
            p.error("channels", "at most 20 channels per request, got " + names.size());
        }
        p.check();
        Map<String, List<ChannelRef>> known = history.channelsOf(rig);
        if (known.isEmpty()) {
            throw ApiException.notFound("no rig " + rig + " (or it has reported no channel yet)");
        }
        List<ChannelRef> chosen = new ArrayList<>();
        for (String name : names) {
            String node = null;
            String mnemonic = name;
            int colon = name.indexOf(':');
            if (colon > 0) {
                node = name.substring(0, colon);
                mnemonic = name.substring(colon + 1);
            }
            List<ChannelRef> candidates = known.getOrDefault(mnemonic, List.of());
            String wantedNode = node;
            List<ChannelRef> matching = candidates.stream().filter(c -> wantedNode == null || c.node().equals(wantedNode)).toList();
            if (matching.isEmpty()) {
                p.error("channels", "rig " + rig + " has no channel " + name + "; it has " + String.join(", ", known.keySet()));
            } else if (matching.size() > 1) {
                p.error("channels", mnemonic + " comes from several nodes (" + String.join(", ",
                        matching.stream().map(ChannelRef::node).toList()) + "); write NODE:" + mnemonic);
            } else {
                chosen.add(matching.getFirst());
            }
        }
        p.check();
        return history.query(rig, chosen, from, to, points, source);
    }
}
