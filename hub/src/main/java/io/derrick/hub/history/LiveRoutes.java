package io.derrick.hub.history;

import io.derrick.hub.platform.web.Access;
import io.derrick.hub.platform.web.Params;
import io.derrick.hub.platform.web.Routes;
import io.derrick.hub.platform.web.RigScope;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Server-sent events: {@code /api/live} (every rig) and {@code /api/rigs/{rig}/live}. Events are
 * {@code readings} (the committed batch, column-wise, plus the activity estimate), {@code node}
 * (state changes) and {@code alarm} (a rig's alarms changed: reload them). A comment line every 15 s keeps proxies from closing an idle stream and tells us
 * when the browser has gone. Handlers run on virtual threads, so a blocked stream costs no platform thread.
 */
final class LiveRoutes {
    private static final long HEARTBEAT_MS = 15_000;

    private final LiveFeed feed;
    private final RigScope scope;
    private volatile boolean open = true;

    LiveRoutes(LiveFeed feed, RigScope scope) {
        this.feed = feed;
        this.scope = scope;
    }

    void routes(Routes api) {
        api.get("/live", Access.SIGNED_IN, (req, res) -> {
                    new Params(req, Set.of()).check();
                    stream(req, res, null, scope.visible(req));
                })
                .get("/rigs/{rig}/live", Access.SIGNED_IN, (req, res) -> {
                    Params p = new Params(req, Set.of());
                    String rig = p.rigPath();
                    p.check();
                    scope.require(req, rig);
                    stream(req, res, rig, null);
                });
    }

    void close() {
        open = false;
    }

    /** Streams one rig's events, or every rig's; {@code visible} (when not null) limits the latter to a client's rigs. */
    private void stream(ServerRequest req, ServerResponse res, String rig, Set<String> visible) {
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream")
                .header(HeaderNames.CACHE_CONTROL, "no-cache")
                .header("X-Accel-Buffering", "no");
        try (LiveFeed.Subscription sub = feed.subscribe(rig); OutputStream out = res.outputStream()) {
            write(out, ": derrick live" + (rig == null ? "" : " " + rig) + "\nretry: 2000\n\n");
            while (open) {
                LiveFeed.LiveEvent event = sub.events().poll(HEARTBEAT_MS, TimeUnit.MILLISECONDS);
                if (event != null && visible != null && !visible.contains(event.rig())) {
                    continue;
                }
                write(out, event == null ? ": keep-alive\n\n" : "event: " + event.name() + "\ndata: " + event.json() + "\n\n");
            }
        } catch (IOException | UncheckedIOException e) {
            // the browser went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
