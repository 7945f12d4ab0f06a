package io.derrick.hub.alert;

import io.derrick.hub.alarm.AlarmQuery;
import io.derrick.hub.alarm.AlarmRepository;
import io.derrick.hub.fleet.FleetQuery;
import io.derrick.hub.platform.db.Database;
import org.jdbi.v3.core.Handle;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One run of the alert job, in steps that survive a restart between them. <b>Decide</b>: the alarms and events not
 * alerted yet are put to the rules, and the open alarms nobody acknowledged to the escalations; the notices and the
 * marks that they were decided commit in one transaction per step, on rows locked with SKIP LOCKED, so that nothing is
 * decided twice. <b>Deliver</b>: the pending emails go through SMTP ({@link AlertDelivery}).
 */
final class AlertRun {
    private static final int BATCH = 200;

    private final Database db;
    private final AlarmQuery alarms;
    private final FleetQuery fleet;
    private final NotificationRepository notifications;
    private final AlertDecider decider;
    private final AlertRules rules;
    private final AlertDelivery delivery;

    AlertRun(Database db, AlarmQuery alarms, FleetQuery fleet, NotificationRepository notifications, AlertDecider decider,
             AlertRules rules, AlertDelivery delivery) {
        this.db = db;
        this.alarms = alarms;
        this.fleet = fleet;
        this.notifications = notifications;
        this.decider = decider;
        this.rules = rules;
        this.delivery = delivery;
    }

    /** Decides everything new at {@code now}, then sends what is due (when mail is configured). Returns the emails sent. */
    int run(Instant now) {
        db.useTransaction(h -> decideRaises(h, now));
        db.useTransaction(h -> decideClears(h, now));
        db.useTransaction(h -> decideEvents(h, now));
        db.useTransaction(h -> escalate(h, now));
        return delivery == null ? 0 : delivery.deliverDue();
    }

    private void decideRaises(Handle h, Instant now) {
        List<AlarmRepository.Alarm> raised = alarms.raisesToAlert(h, BATCH);
        AlertDecider.Past past = notifications.past(h);
        List<AlertDecider.Notice> notices = new ArrayList<>();
        for (AlarmRepository.Alarm a : raised) {
            notices.addAll(decider.raised(a, fleet.devices(h, a.rig(), a.node(), a.channels()), past, now));
            notifications.insert(h, notices, now);   // one at a time: the repeat check of the next sees this one's
            notices.clear();
        }
        alarms.raisesAlerted(h, raised.stream().map(AlarmRepository.Alarm::id).toList(), now);
    }

    private void decideClears(Handle h, Instant now) {
        List<AlarmRepository.Alarm> cleared = alarms.clearsToAlert(h, BATCH);
        AlertDecider.Past past = notifications.past(h);
        for (AlarmRepository.Alarm a : cleared) {
            notifications.insert(h, decider.cleared(a, past, now), now);
        }
        alarms.clearsAlerted(h, cleared.stream().map(AlarmRepository.Alarm::id).toList(), now);
    }

    private void decideEvents(Handle h, Instant now) {
        List<AlarmQuery.NewEvent> events = alarms.eventsToAlert(h, BATCH);
        AlertDecider.Past past = notifications.past(h);
        for (AlarmQuery.NewEvent e : events) {
            if (e.alarmKey() == null) {
                notifications.insert(h, decider.event(e, fleet.devices(h, e.rig(), e.node(), e.channels()), past, now), now);
            }
        }
        alarms.eventsAlerted(h, events.stream().map(AlarmQuery.NewEvent::id).toList(), now);
    }

    private void escalate(Handle h, Instant now) {
        List<AlertRules.Rule> escalating = rules.rules().stream().filter(AlertRules.Rule::escalates).toList();
        if (escalating.isEmpty()) {
            return;
        }
        List<AlarmRepository.Alarm> open = alarms.openUnacknowledged(h, 1000);
        List<Long> ids = open.stream().map(AlarmRepository.Alarm::id).toList();
        AlertDecider.Past past = notifications.past(h);
        for (AlertRules.Rule rule : escalating) {
            Set<Long> due = notifications.dueForEscalation(h, rule.name(), ids, rule.escalateAfter(), now);
            for (AlarmRepository.Alarm a : open) {
                if (due.contains(a.id())) {
                    notifications.insert(h, decider.escalated(rule, a, past, now), now);
                }
            }
        }
    }
}
