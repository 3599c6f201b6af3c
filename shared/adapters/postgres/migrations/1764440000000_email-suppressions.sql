-- Up Migration
-- Addresses a tenant's emails skip: a recipient who unsubscribed from one report (report_id set)
-- or an address that hard-bounced or complained, for every report of the tenant (report_id NULL).
CREATE TABLE email_suppressions (
  tenant_id  uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  address    text NOT NULL CHECK (length(address) BETWEEN 3 AND 320),
  report_id  uuid REFERENCES reports (id) ON DELETE CASCADE,
  reason     text NOT NULL CHECK (reason IN ('unsubscribed', 'bounced', 'complained')),
  detail     text,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- One row per (tenant, address, report or tenant-wide): a second unsubscribe is a no-op.
CREATE UNIQUE INDEX email_suppressions_once
  ON email_suppressions (tenant_id, address, COALESCE(report_id, '00000000-0000-0000-0000-000000000000'));

-- A delivery skipped because its address is suppressed.
ALTER TABLE report_deliveries DROP CONSTRAINT report_deliveries_status_check;
ALTER TABLE report_deliveries ADD CONSTRAINT report_deliveries_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'suppressed'));

-- Down Migration
ALTER TABLE report_deliveries DROP CONSTRAINT report_deliveries_status_check;
ALTER TABLE report_deliveries ADD CONSTRAINT report_deliveries_status_check
  CHECK (status IN ('pending', 'sending', 'sent', 'failed'));
DROP TABLE email_suppressions;
