package io.derrick.hub.web;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules that keep the web UI safe, checked on its sources so that the next page cannot forget them: markup goes into
 * the page only through html.js (which escapes), no inline script or handler (the Content-Security-Policy would block it
 * anyway, silently), and libraries come through vendor.js and vendor-<library>.js.
 */
class WebSourcesTest {
    private static final Path WEB = Path.of("src/main/resources/web");

    private static List<Path> files(String glob) throws IOException {
        try (Stream<Path> all = Files.walk(WEB)) {
            var matcher = WEB.getFileSystem().getPathMatcher("glob:" + glob);
            return all.filter(p -> matcher.matches(WEB.relativize(p))).sorted().toList();
        }
    }

    /** {@code except}: a pattern of the file names not looked at, or null. */
    private static List<String> matches(List<Path> files, Pattern pattern, String except) throws IOException {
        List<String> found = new ArrayList<>();
        for (Path f : files) {
            if (except != null && f.getFileName().toString().matches(except)) {
                continue;
            }
            String[] lines = Files.readString(f).split("\n");
            for (int i = 0; i < lines.length; i++) {
                if (pattern.matcher(lines[i]).find()) {
                    found.add(WEB.relativize(f) + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        return found;
    }

    @Test
    void markupReachesThePageOnlyThroughTheEscapingHelper() throws IOException {
        List<Path> scripts = files("app/*.js");
        assertThat(scripts).hasSizeGreaterThan(5);
        assertThat(matches(scripts, Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write"), "html.js"))
                .as("use render()/append() with html`...`").isEmpty();
    }

    @Test
    void noInlineScriptStyleOrHandlers() throws IOException {
        List<Path> pages = files("*.html");
        assertThat(pages).hasSizeGreaterThanOrEqualTo(4);
        List<String> inline = new ArrayList<>();
        Pattern script = Pattern.compile("<script\\b([^>]*)>");
        for (Path page : pages) {
            Matcher m = script.matcher(Files.readString(page));
            while (m.find()) {
                if (!m.group(1).contains("src=")) {
                    inline.add(page.getFileName() + ": " + m.group());
                }
            }
        }
        assertThat(inline).as("inline scripts (import maps too) are blocked by the CSP").isEmpty();
        List<Path> all = new ArrayList<>(pages);
        all.addAll(files("app/*.js"));
        assertThat(matches(all, Pattern.compile("\\son[a-z]+=[\"'$]|\\sstyle=[\"'$]|javascript:"), null))
                .as("inline handlers and style attributes are blocked by the CSP").isEmpty();
    }

    @Test
    void librariesComeThroughVendorModules() throws IOException {
        assertThat(matches(files("app/*.js"), Pattern.compile("/webjars/"), "vendor(-[a-z]+)?\\.js")).isEmpty();
        assertThat(matches(files("*.html"), Pattern.compile("<script[^>]*/webjars/"), null)).isEmpty();
    }
}
