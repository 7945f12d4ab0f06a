package io.derrick.hub.db;

import io.helidon.dbclient.DbRow;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Nullable columns out of helidon-dbclient rows ({@code DbColumn.get()} throws on SQL NULL). */
public final class Rows {
    private Rows() {
    }

    public static Instant instant(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value instanceof Timestamp t ? t.toInstant() : null;
    }

    public static String string(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value == null ? null : value.toString();
    }

    public static Double decimal(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value instanceof Number n ? n.doubleValue() : null;
    }

    public static Long integer(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        return value instanceof Number n ? n.longValue() : null;
    }

    /** A {@code text[]} column; empty when NULL. */
    public static List<String> strings(DbRow row, String column) {
        Object value = row.column(column).get(Object.class);
        if (value instanceof Array a) {
            try {
                return List.of((String[]) a.getArray());
            } catch (SQLException e) {
                throw new IllegalStateException("column " + column + " is not a text array: " + e.getMessage(), e);
            }
        }
        return value instanceof String[] s ? List.of(s) : List.of();
    }
}
