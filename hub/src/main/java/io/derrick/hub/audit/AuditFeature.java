package io.derrick.hub.audit;

import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.web.Routes;

/** The audit trail, read back: who changed what, when, from where, before and after. */
public final class AuditFeature implements Feature {
    private final Database db;

    public AuditFeature(Database db) {
        this.db = db;
    }

    @Override
    public String name() {
        return "audit";
    }

    @Override
    public void routes(Routes api) {
        new AuditRoutes(new AuditRepository(db)).routes(api);
    }
}
