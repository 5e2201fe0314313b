import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sittings (COMP-3, COMP-4, MEET-1, MEMB-1, CONV-1, CONV-2, MAND-1, QUOR-1 to QUOR-3,
 * REM-1 to REM-3, PSP-4): sittings, their agenda, the convened members with their
 * attendance answers, mandates and the presence register.
 */
export class Sittings1764000000000 implements MigrationInterface {
  name = 'Sittings1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO parameter (key, valid_from, value, description) VALUES
        ('convocation.min_days', '2016-04-13', 5, 'CONV-2 : délai minimal entre la convocation et la séance, en jours'),
        ('convocation.reminder_days', '2016-04-13', 2, 'Relance des membres sans réponse, en jours avant la séance'),
        ('agenda.reactivity_days', '2022-04-13', 15, 'PSP-4 : délai au-delà duquel une délibération écrite est proposée, en jours'),
        ('quorum.exclude_excluded_from_base', '2016-04-13', 0, 'QUOR-3 : 1 pour retirer de la base du quorum les membres exclus (COMP-3)'),
        ('written.default_duration_days', '2016-04-13', 7, 'REM-3 : durée proposée d''une délibération écrite, en jours'),
        ('written.min_duration_hours', '2016-04-13', 48, 'REM-3 : durée minimale d''une délibération écrite, en heures')`);

    await q.query(`
      CREATE TABLE sitting_counter (
        departement_code varchar(3) NOT NULL REFERENCES departement(code),
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (departement_code, year)
      )`);

    await q.query(`
      CREATE TABLE sitting (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        departement_code varchar(3) NOT NULL REFERENCES departement(code),
        number varchar(12) NOT NULL UNIQUE,
        kind varchar(12) NOT NULL CHECK (kind IN ('EXAMINATION', 'POLICY', 'MINORS')),
        mode varchar(10) NOT NULL CHECK (mode IN ('IN_PERSON', 'VIDEO', 'HYBRID', 'WRITTEN')),
        state varchar(16) NOT NULL CHECK (state IN
          ('PLANNED', 'CONVENED', 'OPEN', 'CLOSED', 'MINUTES_DRAFTED', 'MINUTES_SIGNED', 'CANCELLED')),
        title text NULL,
        starts_at timestamptz NOT NULL,
        place text NULL,
        video_link text NULL,
        opens_at timestamptz NULL,
        earliest_close_at timestamptz NULL,
        convoked_at timestamptz NULL,
        urgent boolean NOT NULL DEFAULT false,
        urgency_reason text NULL,
        agenda_locked boolean NOT NULL DEFAULT false,
        agenda_changed_since_convocation boolean NOT NULL DEFAULT false,
        second_convocation_of uuid NULL UNIQUE REFERENCES sitting(id),
        opened_at timestamptz NULL,
        closed_at timestamptz NULL,
        cancelled_at timestamptz NULL,
        cancel_reason text NULL,
        reminder_sent_at timestamptz NULL,
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT sitting_written_window CHECK (
          mode <> 'WRITTEN' OR (opens_at IS NOT NULL AND earliest_close_at IS NOT NULL AND earliest_close_at > opens_at)),
        CONSTRAINT sitting_urgency CHECK (NOT urgent OR urgency_reason IS NOT NULL),
        CONSTRAINT sitting_cancel CHECK ((state = 'CANCELLED') = (cancelled_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX sitting_starts_idx ON sitting (departement_code, starts_at)`);

    await q.query(`
      CREATE TABLE agenda_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sitting_id uuid NOT NULL REFERENCES sitting(id),
        position integer NOT NULL,
        kind varchar(12) NOT NULL CHECK (kind IN ('PSP_REQUEST', 'POLICY')),
        request_id uuid NULL REFERENCES psp_request(id),
        title text NOT NULL,
        presenter text NULL,
        removed_at timestamptz NULL,
        removed_reason text NULL,
        created_at timestamptz NOT NULL,
        CONSTRAINT agenda_item_request CHECK ((kind = 'PSP_REQUEST') = (request_id IS NOT NULL)),
        CONSTRAINT agenda_item_removed CHECK ((removed_at IS NULL) = (removed_reason IS NULL))
      )`);
    // PSP-4: a request sits on one live agenda at a time.
    await q.query(`CREATE UNIQUE INDEX agenda_item_request_live_uq ON agenda_item (request_id) WHERE removed_at IS NULL AND request_id IS NOT NULL`);
    await q.query(`CREATE INDEX agenda_item_sitting_idx ON agenda_item (sitting_id, position)`);

    await q.query(`
      CREATE TABLE agenda_document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id),
        filename text NOT NULL,
        content_type varchar(40) NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size integer NOT NULL CHECK (size > 0 AND size <= 10485760),
        content bytea NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES app_user(id),
        uploaded_at timestamptz NOT NULL
      )`);

    await q.query(`
      CREATE TABLE sitting_member (
        sitting_id uuid NOT NULL REFERENCES sitting(id),
        member_id uuid NOT NULL REFERENCES member(id),
        convened boolean NOT NULL,
        excluded_from_psp boolean NOT NULL,
        answer varchar(12) NULL CHECK (answer IN ('PRESENT', 'REMOTE', 'ABSENT', 'SUBSTITUTED', 'MANDATE')),
        mandate_holder_id uuid NULL REFERENCES member(id),
        answered_at timestamptz NULL,
        confirmed_presence varchar(8) NULL CHECK (confirmed_presence IN ('PRESENT', 'REMOTE', 'ABSENT')),
        substitute_id uuid NULL REFERENCES member(id),
        convocation_message_id uuid NULL REFERENCES outbox_message(id),
        reminder_message_id uuid NULL REFERENCES outbox_message(id),
        last_activity_at timestamptz NULL,
        PRIMARY KEY (sitting_id, member_id),
        CONSTRAINT sitting_member_mandate CHECK ((answer = 'MANDATE') = (mandate_holder_id IS NOT NULL)),
        CONSTRAINT sitting_member_not_self CHECK (mandate_holder_id IS NULL OR mandate_holder_id <> member_id)
      )`);
    // MAND-1: nobody holds more than one mandate, enforced by the database too.
    await q.query(
      `CREATE UNIQUE INDEX sitting_member_one_mandate_uq ON sitting_member (sitting_id, mandate_holder_id) WHERE mandate_holder_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sitting_member`);
    await q.query(`DROP TABLE agenda_document`);
    await q.query(`DROP TABLE agenda_item`);
    await q.query(`DROP TABLE sitting`);
    await q.query(`DROP TABLE sitting_counter`);
    await q.query(`DELETE FROM parameter WHERE key IN ('convocation.min_days', 'convocation.reminder_days', 'agenda.reactivity_days',
      'quorum.exclude_excluded_from_base', 'written.default_duration_days', 'written.min_duration_hours')`);
  }
}
