"""The database itself refuses to lose evidence.

- The audit trail of consents and orders (their historical tables) is append-only: no row is
  ever deleted or changed. The one change allowed is the user column becoming NULL, which is
  what deleting a login does to every row it wrote (ON DELETE SET NULL).
- A consent is never deleted (withdrawal is a date), and a signed order is never deleted.
"""

from django.db import migrations

FUNCTIONS = """
CREATE OR REPLACE FUNCTION privacy_refuse_history_change() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit trail %: rows are never deleted', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF (to_jsonb(NEW) - 'history_user_id') IS DISTINCT FROM (to_jsonb(OLD) - 'history_user_id')
       OR NEW.history_user_id IS NOT NULL AND NEW.history_user_id IS DISTINCT FROM OLD.history_user_id THEN
        RAISE EXCEPTION 'audit trail %: rows are never changed', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION privacy_refuse_consent_delete() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'consent %: consents are never deleted, a withdrawal is a date', OLD.id USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION privacy_refuse_signed_order_delete() RETURNS trigger AS $$
BEGIN
    IF OLD.status = 'signed' THEN
        RAISE EXCEPTION 'order %: a signed order is never deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = """
CREATE TRIGGER privacy_append_only BEFORE UPDATE OR DELETE ON consents_historicalconsent
    FOR EACH ROW EXECUTE FUNCTION privacy_refuse_history_change();
CREATE TRIGGER privacy_append_only BEFORE UPDATE OR DELETE ON documents_historicalorder
    FOR EACH ROW EXECUTE FUNCTION privacy_refuse_history_change();
CREATE TRIGGER privacy_never_deleted BEFORE DELETE ON consents_consent
    FOR EACH ROW EXECUTE FUNCTION privacy_refuse_consent_delete();
CREATE TRIGGER privacy_signed_never_deleted BEFORE DELETE ON documents_order
    FOR EACH ROW EXECUTE FUNCTION privacy_refuse_signed_order_delete();
"""

REVERSE = """
DROP TRIGGER IF EXISTS privacy_append_only ON consents_historicalconsent;
DROP TRIGGER IF EXISTS privacy_append_only ON documents_historicalorder;
DROP TRIGGER IF EXISTS privacy_never_deleted ON consents_consent;
DROP TRIGGER IF EXISTS privacy_signed_never_deleted ON documents_order;
DROP FUNCTION IF EXISTS privacy_refuse_history_change();
DROP FUNCTION IF EXISTS privacy_refuse_consent_delete();
DROP FUNCTION IF EXISTS privacy_refuse_signed_order_delete();
"""


class Migration(migrations.Migration):
    dependencies = [
        ("consents", "0003_historicalconsent"),
        ("documents", "0003_historicalorder"),
    ]

    operations = [migrations.RunSQL(FUNCTIONS + TRIGGERS, REVERSE)]
