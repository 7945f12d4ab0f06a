-- Plan vs actual: the hole of the daily reports a campaign well is drilled as (on its rig).
ALTER TABLE campaign_well ADD COLUMN hole text CHECK (length(hole) BETWEEN 1 AND 40);
