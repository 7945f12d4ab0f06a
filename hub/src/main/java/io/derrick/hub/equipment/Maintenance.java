package io.derrick.hub.equipment;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * When a maintenance schedule is due (plain logic). A schedule is <b>due</b> from its lead before the due point
 * (a tenth of its interval, at most 7 days or 50 h) and <b>overdue</b> past it.
 * <ul>
 *   <li>calendar: every N days from the last time it was done (or from the equipment's installation, or from the
 *       schedule's creation);</li>
 *   <li>running hours: every N hours of the equipment's running hours from the hours at which it was last done;
 *       the date it falls due is estimated from the last 14 days' use;</li>
 *   <li>condition: due while the latest predicted remaining life is below N hours, overdue once the lower edge of
 *       its band has reached 0.</li>
 * </ul>
 */
public final class Maintenance {
    public enum Basis { CALENDAR, HOURS, CONDITION }

    public enum State { OK, DUE, OVERDUE, UNKNOWN }

    /** A schedule's figures: what it is measured against, and the equipment's now. */
    public record Schedule(Basis basis, Integer everyDays, Double everyHours, Double rulBelowHours,
                           LocalDate lastDoneOn, Double lastDoneHours, LocalDate startOn) {
    }

    /** The equipment's state now: running hours, recent use per day, its latest RUL and band (null: none yet). */
    public record Now(LocalDate today, double runningHours, double hoursPerDay, Double rul, Double rulLow) {
    }

    /**
     * @param dueOn       the date it falls due (estimated for hours; null for condition or unknown use)
     * @param dueAtHours  the running hours it falls due at (hours-based)
     * @param remaining   days (calendar), hours (running hours) or RUL hours above the threshold (condition) left
     */
    public record Due(State state, LocalDate dueOn, Double dueAtHours, Double remaining, String why) {
    }

    private Maintenance() {
    }

    public static Due due(Schedule s, Now now) {
        return switch (s.basis()) {
            case CALENDAR -> {
                LocalDate from = s.lastDoneOn() != null ? s.lastDoneOn() : s.startOn();
                LocalDate dueOn = from.plusDays(s.everyDays());
                long left = ChronoUnit.DAYS.between(now.today(), dueOn);
                long lead = Math.min(7, Math.max(1, s.everyDays() / 10));
                State st = left < 0 ? State.OVERDUE : left <= lead ? State.DUE : State.OK;
                yield new Due(st, dueOn, null, (double) left, left < 0 ? "overdue by " + -left + " d (due " + dueOn + ")"
                        : "due " + dueOn + " (in " + left + " d)");
            }
            case HOURS -> {
                double from = s.lastDoneHours() != null ? s.lastDoneHours() : 0;
                double at = from + s.everyHours();
                double left = at - now.runningHours();
                double lead = Math.min(50, s.everyHours() / 10);
                LocalDate dueOn = now.hoursPerDay() > 0.01 ? now.today().plusDays((long) Math.ceil(Math.max(0, left) / now.hoursPerDay())) : null;
                State st = left < 0 ? State.OVERDUE : left <= lead ? State.DUE : State.OK;
                yield new Due(st, dueOn, at, left, left < 0 ? String.format("overdue by %.0f running h (due at %.0f h)", -left, at)
                        : String.format("due at %.0f running h (%.0f h left%s)", at, left, dueOn == null ? ", not running lately" : ", about " + dueOn));
            }
            case CONDITION -> {
                if (now.rul() == null) {
                    yield new Due(State.UNKNOWN, null, null, null, "no remaining-life prediction yet");
                }
                double left = now.rul() - s.rulBelowHours();
                State st = now.rulLow() != null && now.rulLow() <= 0 ? State.OVERDUE : left < 0 ? State.DUE : State.OK;
                yield new Due(st, left < 0 ? now.today() : null, null, left,
                        String.format("remaining life %.0f h, due below %.0f h", now.rul(), s.rulBelowHours()));
            }
        };
    }
}
