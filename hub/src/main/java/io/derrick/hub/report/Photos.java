package io.derrick.hub.report;

import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import org.jdbi.v3.core.Handle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Core tray photos: checked ({@link PhotoImage}), stored under {@code <hub.dataDir>/photos/ab/<sha-256>.<ext>} with
 * {@code .thumb.<ext>} beside, one file for the same picture however often it is uploaded, within a quota for all
 * photos of the hub. A photo row belongs to a report and a hole of its progress. The files and the quota are kept
 * consistent under one advisory lock: an upload writes its file and its row under it, and a removal deletes the files
 * of a picture no row names any more under it, after the row's removal committed.
 */
final class Photos {
    /** pg_advisory_xact_lock key of the photo files */
    private static final long LOCK = 0x5048_4f54_4f53L;  // "PHOTOS"

    /** The limits (ReportFeature.Settings' photo part). */
    record Limits(long maxBytes, long maxPixels, long quotaBytes, Path root) {
    }

    /** A photo as the API shows it. */
    record Photo(long id, long report, String hole, Double fromDepth, Double toDepth, String caption, String fileName, String sha256,
                 String contentType, long bytes, int width, int height, Instant uploadedAt, String uploadedBy) {
    }

    /** Why an upload was refused: {@code status} 400 (the file), 413 (too large) or 507 (the quota). */
    static final class Refusal extends Exception {
        final int status;
        final String field;

        Refusal(int status, String field, String message) {
            super(message);
            this.status = status;
            this.field = field;
        }
    }

    private final Limits limits;
    private final Database db;
    private final Clock clock;

    Photos(Limits limits, Database db, Clock clock) {
        this.limits = limits;
        this.db = db;
        this.clock = clock;
    }

    Limits limits() {
        return limits;
    }

    List<Photo> list(long report) {
        return db.read(h -> h.createQuery("SELECT * FROM shift_photo WHERE report_id = :report ORDER BY hole, from_depth NULLS LAST, id")
                .bind("report", report).map((rs, ctx) -> photo(rs)).list());
    }

    Optional<Photo> find(long report, long id) {
        return db.read(h -> h.createQuery("SELECT * FROM shift_photo WHERE report_id = :report AND id = :id")
                .bind("report", report).bind("id", id).map((rs, ctx) -> photo(rs)).findOne());
    }

    /** The file of a photo: the picture as uploaded, or its upright thumbnail. */
    Path file(Photo p, boolean thumbnail) {
        return path(p.sha256(), PhotoImage.Type.ofMediaType(p.contentType()), thumbnail);
    }

    /** Checks and stores a photo of a report's hole; audited. */
    Photo add(long report, String hole, Double from, Double to, String caption, String fileName, byte[] bytes, Actor actor) throws Refusal {
        if (bytes.length > limits.maxBytes()) {
            throw new Refusal(413, "file", String.format(Locale.ROOT, "a photo of %s is larger than the %s a photo may have (reports.photos.maxBytes)",
                    size(bytes.length), size(limits.maxBytes())));
        }
        if (bytes.length == 0) {
            throw new Refusal(400, "file", "empty: choose a JPEG or PNG photo");
        }
        PhotoImage.Checked checked;
        try {
            checked = PhotoImage.check(bytes, limits.maxPixels());
        } catch (PhotoImage.Refused e) {
            throw new Refusal(400, "file", e.getMessage());
        }
        String sha = sha256(bytes);
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            lock(h);
            boolean stored = h.createQuery("SELECT EXISTS (SELECT 1 FROM shift_photo WHERE sha256 = :sha)").bind("sha", sha).mapTo(Boolean.class).one();
            if (!stored) {
                long used = used(h);
                if (used + bytes.length > limits.quotaBytes()) {
                    throw new Refusal(507, "file", String.format(Locale.ROOT, "the photo storage is full: %s of %s used, and this photo needs %s "
                            + "(reports.photos.quotaMb; an admin can raise it or remove old photos)", size(used), size(limits.quotaBytes()), size(bytes.length)));
                }
            }
            write(path(sha, checked.type(), false), bytes);
            write(path(sha, checked.type(), true), checked.thumbnail());
            long id = h.createUpdate("""
                            INSERT INTO shift_photo (report_id, hole, from_depth, to_depth, caption, file_name, sha256, content_type, bytes, width, height,
                                                     uploaded_at, uploaded_by)
                            VALUES (:report, :hole, :from, :to, :caption, :name, :sha, :type, :bytes, :width, :height, :at, :by)""")
                    .bind("report", report).bind("hole", hole).bind("from", from).bind("to", to).bind("caption", caption).bind("name", fileName)
                    .bind("sha", sha).bind("type", checked.type().mediaType).bind("bytes", (long) bytes.length).bind("width", checked.width())
                    .bind("height", checked.height()).bind("at", Timestamp.from(now)).bind("by", actor.name())
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("hole", hole);
            after.put("sha256", sha);
            after.put("bytes", bytes.length);
            after.put("fileName", fileName);
            Audit.record(h, now, actor, "report.photo.add", "shift_report", report, null, after);
            return h.createQuery("SELECT * FROM shift_photo WHERE id = :id").bind("id", id).map((rs, ctx) -> photo(rs)).one();
        });
    }

    /** Removes a photo of a report; its files go when no other row names the picture. Audited. */
    boolean remove(long report, long id, Actor actor) {
        Instant now = clock.instant();
        Optional<Photo> removed = db.inTransaction(h -> {
            Optional<Photo> p = h.createQuery("DELETE FROM shift_photo WHERE report_id = :report AND id = :id RETURNING *")
                    .bind("report", report).bind("id", id).map((rs, ctx) -> photo(rs)).findOne();
            p.ifPresent(x -> Audit.record(h, now, actor, "report.photo.remove", "shift_report", report,
                    Map.of("photo", x.id(), "hole", x.hole(), "sha256", x.sha256()), null));
            return p;
        });
        removed.ifPresent(p -> db.useTransaction(h -> {
            lock(h);
            if (!h.createQuery("SELECT EXISTS (SELECT 1 FROM shift_photo WHERE sha256 = :sha)").bind("sha", p.sha256()).mapTo(Boolean.class).one()) {
                try {
                    Files.deleteIfExists(file(p, false));
                    Files.deleteIfExists(file(p, true));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }));
        return removed.isPresent();
    }

    /** Holds the photo files' lock until the transaction ends. */
    private static void lock(Handle h) {
        h.createQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(:key)) x").bind("key", LOCK).mapTo(Integer.class).one();
    }

    /** The bytes the hub's photos take (each picture once; thumbnails are not counted). */
    long used() {
        return db.read(Photos::used);
    }

    private static long used(Handle h) {
        return h.createQuery("SELECT coalesce(sum(bytes), 0) FROM (SELECT DISTINCT ON (sha256) bytes FROM shift_photo ORDER BY sha256) x")
                .mapTo(Long.class).one();
    }

    private Path path(String sha, PhotoImage.Type type, boolean thumbnail) {
        return limits.root().resolve(sha.substring(0, 2)).resolve(sha + (thumbnail ? ".thumb." : ".") + type.extension);
    }

    /** Writes a file whole or not at all (a temporary file moved into place); one already there is the same picture. */
    private static void write(Path target, byte[] bytes) {
        if (Files.exists(target)) {
            return;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), ".upload-", ".tmp");
            try {
                Files.write(tmp, bytes);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the photo could not be stored under " + target.getParent() + ": " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String size(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        if (bytes >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
    }

    private static Photo photo(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Photo(rs.getLong("id"), rs.getLong("report_id"), rs.getString("hole"), (Double) rs.getObject("from_depth"),
                (Double) rs.getObject("to_depth"), rs.getString("caption"), rs.getString("file_name"), rs.getString("sha256"),
                rs.getString("content_type"), rs.getLong("bytes"), rs.getInt("width"), rs.getInt("height"),
                rs.getTimestamp("uploaded_at").toInstant(), rs.getString("uploaded_by"));
    }
}
