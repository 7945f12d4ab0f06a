package io.derrick.hub.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The checks of a report as a table: each bad report is refused naming its field; each doubtful one is saved with its warning. */
class ReportRulesTest {
    static final ShiftWindow DAY = ShiftWindow.of(LocalDate.of(2026, 11, 30), ShiftWindow.Type.DAY, ZoneOffset.UTC, LocalTime.of(6, 0), LocalTime.of(18, 0));
    static final Map<String, ActivityCode> CODES = Map.of(
            "2", new ActivityCode("2", "Drilling", true, "drilling", true),
            "2.1", new ActivityCode("2.1", "Connection", true, "connection", true),
            "6", new ActivityCode("6", "Trips", true, "trip", true),
            "8", new ActivityCode("8", "Repair rig", false, null, true));

    static LocalTime t(String hhmm) {
        return LocalTime.parse(hhmm);
    }

    /** A complete, consistent day: 24 m of HQ in 8 h, crew of three, activities covering the 12 h. */
    static ReportContent good() {
        return new ReportContent("Pad 4, hole H-12", false, null, 0, null,
                List.of(new ReportContent.Crew("supervisor", "Ana Silva", 12), new ReportContent.Crew("driller", "Joe Bloggs", 12),
                        new ReportContent.Crew("helper", "Sam Lee", 11.5)),
                List.of(new ReportContent.Progress("H-12", "HQ", 120, 144, t("07:00"), t("15:00"), 23.5, null, null)),
                List.of(new ReportContent.Activity("2", t("06:00"), t("15:00"), null), new ReportContent.Activity("6", t("15:00"), t("17:00"), null),
                        new ReportContent.Activity("8", t("17:00"), t("18:00"), "mud pump valve")),
                List.of(), List.of(), List.of());
    }

    static ReportRules.Result check(ReportContent c) {
        return ReportRules.check(c, DAY, new ReportRules.Context(CODES, Map.of(), null));
    }

    static ReportContent progress(ReportContent c, ReportContent.Progress p) {
        return new ReportContent(c.location(), c.standby(), c.standbyReason(), c.standbyHours(), c.remarks(), c.crew(), List.of(p), c.activities(),
                c.materials(), c.surveys(), c.casing());
    }

    static ReportContent activities(ReportContent c, ReportContent.Activity... a) {
        return new ReportContent(c.location(), c.standby(), c.standbyReason(), c.standbyHours(), c.remarks(), c.crew(), c.progress(), List.of(a),
                c.materials(), c.surveys(), c.casing());
    }

    @Test
    void aCompleteConsistentReportScoresFullMarks() {
        ReportRules.Result r = check(good());
        assertThat(r.findings()).isEmpty();
        assertThat(r.score()).isEqualTo(100);
    }

    static Stream<Arguments> refused() {
        ReportContent.Progress p = good().progress().getFirst();
        List<Object[]> rows = List.of(
                new Object[] {"to-depth above from-depth", (UnaryOperator<ReportContent>) c -> progress(c,
                        new ReportContent.Progress("H-12", "HQ", 144, 120, t("07:00"), t("15:00"), null, null, null)), "progress[0].toDepth", "must be deeper"},
                new Object[] {"a progress row after the shift", (UnaryOperator<ReportContent>) c -> progress(c,
                        new ReportContent.Progress("H-12", "HQ", 120, 144, t("17:00"), t("19:00"), null, null, null)), "progress[0].end", "inside the shift"},
                new Object[] {"an activity before the shift", (UnaryOperator<ReportContent>) c -> activities(c,
                        new ReportContent.Activity("2", t("05:00"), t("07:00"), null)), "activities[0].start", "outside the shift (06:00–18:00)"},
                new Object[] {"overlapping activities", (UnaryOperator<ReportContent>) c -> activities(c,
                        new ReportContent.Activity("2", t("06:00"), t("10:00"), null), new ReportContent.Activity("6", t("09:30"), t("11:00"), null)),
                        "activities[1].start", "overlaps activities[0] (06:00–10:00)"},
                new Object[] {"an unknown code", (UnaryOperator<ReportContent>) c -> activities(c,
                        new ReportContent.Activity("99", t("06:00"), t("07:00"), null)), "activities[0].code", "unknown activity code '99'"},
                new Object[] {"recovery over 105 %", (UnaryOperator<ReportContent>) c -> progress(c,
                        new ReportContent.Progress("H-12", "HQ", 120, 130, t("07:00"), t("10:00"), 11.0, null, null)), "progress[0].coreRecovered", "at most 105 %"},
                new Object[] {"a crew member over the shift's hours", (UnaryOperator<ReportContent>) c -> new ReportContent(c.location(), false, null, 0, null,
                        List.of(new ReportContent.Crew("driller", "Joe", 13)), c.progress(), c.activities(), List.of(), List.of(), List.of()),
                        "crew[0].hours", "at most the shift's 12.0 h"},
                new Object[] {"standby without a reason", (UnaryOperator<ReportContent>) c -> new ReportContent(c.location(), true, " ", 2, null,
                        c.crew(), c.progress(), c.activities(), List.of(), List.of(), List.of()), "standbyReason", "required"});
        return rows.stream().map(r -> Arguments.of(r));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aBadReportIsRefusedNamingTheField(String name, UnaryOperator<ReportContent> change, String field, String message) {
        ReportRules.Result r = check(change.apply(good()));
        assertThat(r.errors()).as(name + ": " + r.findings()).anySatisfy(f -> {
            assertThat(f.field()).isEqualTo(field);
            assertThat(f.message()).contains(message);
        });
    }

    @Test
    void aHoleThatDoesNotContinueWhereItEndedIsAWarningNotARefusal() {
        ReportRules.Result r = ReportRules.check(good(), DAY, new ReportRules.Context(CODES,
                Map.of("H-12", new ReportRules.LastDepth(118.5, LocalDate.of(2026, 11, 29), ShiftWindow.Type.NIGHT)), null));
        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Finding.Severity.WARNING);
            assertThat(f.field()).isEqualTo("progress[0].fromDepth");
            assertThat(f.message()).isEqualTo("hole H-12 ended at 118.50 m on the 2026-11-29 night shift; this starts at 120.00 m");
        });
        assertThat(r.score()).isEqualTo(85);
    }

    @Test
    void anImplausibleRopForTheCoreSizeIsAWarning() {
        ReportRules.Result r = check(progress(good(), new ReportContent.Progress("H-12", "PQ", 100, 160, t("07:00"), t("08:00"), null, null, null)));
        assertThat(r.findings()).anySatisfy(f -> {
            assertThat(f.rule()).isEqualTo("rop");
            assertThat(f.message()).contains("60.0 m/h", "PQ (20 m/h)");
        });
    }

    @Test
    void typedFiguresFarFromTheSensorsAreFlaggedForTheApprover() {
        SensorProposal.Measured sensors = new SensorProposal.Measured(120.0, 135.0, 15, 6, 2.5,
                Map.of("drilling", 6.0, "connection", 0.5, "trip", 2.0, "circulating", 0.0, "idle", 3.5), List.of(), 0.98);
        ReportRules.Result r = ReportRules.check(good(), DAY, new ReportRules.Context(CODES, Map.of(), sensors));
        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).extracting(Finding::message).contains(
                "typed 24.0 m drilled, the sensors measured 15.0 m",
                "typed 9.0 h of drilling, the sensors measured 6.0 h")
                .as("two hours of trips are what the sensors saw").noneMatch(m -> m.contains("of trip,"));
        assertThat(r.score()).isEqualTo(70);
    }

    @Test
    void sensorsThatSawTooLittleOfTheShiftAreNotComparedAndSaySo() {
        SensorProposal.Measured sensors = new SensorProposal.Measured(120.0, 121.0, 1, 0.5, 2.0, Map.of("drilling", 0.5), List.of(), 0.1);
        ReportRules.Result r = ReportRules.check(good(), DAY, new ReportRules.Context(CODES, Map.of(), sensors));
        assertThat(r.findings()).singleElement().satisfies(f -> assertThat(f.message()).contains("the sensors saw 10 % of the shift"));
    }

    @Test
    void anIncompleteReportIsSavedWithNotesAndALowerScore() {
        ReportRules.Result r = check(ReportContent.empty());
        assertThat(r.errors()).isEmpty();
        assertThat(r.findings()).extracting(Finding::message).containsExactlyInAnyOrder("no supervisor named", "no driller named",
                "no drilling progress and no standby", "activities and standby account for 0.0 of the shift's 12.0 h", "no site or location");
        assertThat(r.score()).isEqualTo(75);
    }
}
