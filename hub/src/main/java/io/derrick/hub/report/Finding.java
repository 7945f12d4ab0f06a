package io.derrick.hub.report;

import java.util.Locale;

/**
 * What a rule found on a report: an error refuses the save (the field named), a warning and a note are saved with
 * the report and shown to the approver.
 */
public record Finding(Severity severity, String field, String rule, String message) {
    public enum Severity {
        ERROR, WARNING, INFO;

        @com.fasterxml.jackson.annotation.JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Finding error(String field, String rule, String message) {
        return new Finding(Severity.ERROR, field, rule, message);
    }

    static Finding warning(String field, String rule, String message) {
        return new Finding(Severity.WARNING, field, rule, message);
    }

    static Finding info(String field, String rule, String message) {
        return new Finding(Severity.INFO, field, rule, message);
    }
}
