import type { Knex } from 'knex';

// The audit log is append-only (docs/admin.md): a trigger refuses every
// UPDATE, DELETE and TRUNCATE, with one exception, the anonymisation of a
// deleted account's entries, which only admin.anonymise_audit_entries()
// may do: it clears the user's id as actor and subject and drops the
// personal fields (email, display name) of entries about them. Nothing
// else of an entry can change, and entries are never removed.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    CREATE FUNCTION admin.audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'UPDATE' AND current_setting('admin.anonymising', true) = 'on' THEN
        IF NEW.id = OLD.id AND NEW.event_id = OLD.event_id AND NEW.action = OLD.action
           AND NEW.occurred_at = OLD.occurred_at AND NEW.recorded_at = OLD.recorded_at
           AND (NEW.actor_user_id IS NULL OR NEW.actor_user_id = OLD.actor_user_id)
           AND (NEW.subject_id IS NULL OR NEW.subject_id = OLD.subject_id)
        THEN
          RETURN NEW;
        END IF;
      END IF;
      RAISE EXCEPTION 'admin.audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'a deleted account''s entries are anonymised with admin.anonymise_audit_entries(user_id)';
    END $$`);
  await knex.raw(`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON admin.audit_log
    FOR EACH ROW EXECUTE FUNCTION admin.audit_log_append_only()`);
  await knex.raw(`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON admin.audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION admin.audit_log_append_only()`);
  await knex.raw(`
    CREATE FUNCTION admin.anonymise_audit_entries(p_user_id uuid) RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE
      changed integer;
    BEGIN
      PERFORM set_config('admin.anonymising', 'on', true);
      UPDATE admin.audit_log SET
        actor_user_id = CASE WHEN actor_user_id = p_user_id THEN NULL ELSE actor_user_id END,
        subject_id = CASE WHEN subject_id = p_user_id::text THEN NULL ELSE subject_id END,
        data = CASE WHEN subject_id = p_user_id::text
          THEN (data - 'email' - 'displayName' - 'userId') || '{"anonymised": true}'::jsonb
          ELSE data END
      WHERE actor_user_id = p_user_id OR subject_id = p_user_id::text;
      GET DIAGNOSTICS changed = ROW_COUNT;
      PERFORM set_config('admin.anonymising', 'off', true);
      RETURN changed;
    END $$`);
  // Anonymisation finds a user's entries as subject too.
  await knex.raw('CREATE INDEX audit_log_subject ON admin.audit_log (subject_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX admin.audit_log_subject');
  await knex.raw('DROP FUNCTION admin.anonymise_audit_entries(uuid)');
  await knex.raw('DROP TRIGGER audit_log_no_truncate ON admin.audit_log');
  await knex.raw('DROP TRIGGER audit_log_append_only ON admin.audit_log');
  await knex.raw('DROP FUNCTION admin.audit_log_append_only()');
}
