-- Up Migration
-- Platform operators (not tenants) manage tenants, their limits and the model registry.
-- Their keys are stored as hashes only, like tenants' keys, in a table of their own: an operator
-- key never resolves to a tenant, and a tenant key never to an operator.
CREATE TABLE operator_keys (
  id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  display_prefix text NOT NULL,
  key_hash       text NOT NULL UNIQUE,
  created_at     timestamptz NOT NULL DEFAULT now(),
  revoked_at     timestamptz
);

-- A tenant key can never carry the operator scope, whatever the code above this table does.
ALTER TABLE api_keys ADD CONSTRAINT api_keys_no_operator_scope CHECK (NOT ('operator' = ANY (scopes)));

ALTER TABLE tenants ADD COLUMN contact_email text CHECK (contact_email IS NULL OR length(contact_email) <= 320);
-- Only the limits an operator set; the rest take the documented defaults.
ALTER TABLE tenants ADD COLUMN limits jsonb NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(limits) = 'object');

-- Down Migration
ALTER TABLE api_keys DROP CONSTRAINT api_keys_no_operator_scope;
ALTER TABLE tenants DROP COLUMN limits;
ALTER TABLE tenants DROP COLUMN contact_email;
DROP TABLE operator_keys;
