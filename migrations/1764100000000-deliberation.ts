import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Online deliberation (COMP-4, COI-1, MAND-1, VOTE-1, REM-1 to REM-3): the vote window
 * of each agenda item, ballots (one per seat and capacity) with a hash chain per item,
 * declarations of interest, dissents, comments of written deliberations.
 * The database itself refuses any ballot change outside an open vote.
 */
export class Deliberation1764100000000 implements MigrationInterface {
  name = 'Deliberation1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      INSERT INTO parameter (key, valid_from, value, description) VALUES
        ('vote.abstentions_counted', '2016-04-13', 0, 'VOTE-1 : 1 pour compter les abstentions dans la majorité (majorité des votants), 0 pour la majorité des suffrages exprimés'),
        ('written.allow_physical_request', '2016-04-13', 0, 'REM-3 : 1 pour permettre à un membre de demander l''examen d''un point en séance physique')`);

    // COMP-4: the association a member represents, to recuse them from its dossiers.
    await q.query(`ALTER TABLE member ADD COLUMN association_id uuid NULL REFERENCES association(id)`);

    // COMP-1: the chair of each sitting and the délégation it acts under.
    await q.query(`ALTER TABLE sitting ADD COLUMN chair_member_id uuid NULL REFERENCES member(id)`);
    await q.query(`ALTER TABLE sitting ADD COLUMN chair_delegation text NULL`);

    await q.query(`
      ALTER TABLE agenda_item
        ADD COLUMN vote_state varchar(12) NOT NULL DEFAULT 'NOT_OPENED' CHECK (vote_state IN ('NOT_OPENED', 'OPEN', 'CLOSED')),
        ADD COLUMN vote_opened_at timestamptz NULL,
        ADD COLUMN vote_closed_at timestamptz NULL,
        ADD COLUMN opinion varchar(15) NULL CHECK (opinion IN ('FAVOURABLE', 'UNFAVOURABLE')),
        ADD COLUMN result jsonb NULL,
        ADD COLUMN summary text NULL,
        ADD COLUMN discussion_notes text NULL,
        ADD CONSTRAINT agenda_item_vote_closed CHECK (vote_state <> 'CLOSED' OR (vote_closed_at IS NOT NULL AND result IS NOT NULL))`);

    await q.query(`
      CREATE TABLE ballot (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id),
        sitting_id uuid NOT NULL REFERENCES sitting(id),
        voter_member_id uuid NOT NULL REFERENCES member(id),
        represented_member_id uuid NOT NULL REFERENCES member(id),
        capacity varchar(8) NOT NULL CHECK (capacity IN ('OWN', 'PROXY')),
        choice varchar(12) NOT NULL CHECK (choice IN ('FAVOURABLE', 'UNFAVOURABLE', 'ABSTENTION')),
        reason text NULL,
        by_president boolean NOT NULL DEFAULT false,
        client_key varchar(64) NULL,
        version integer NOT NULL DEFAULT 1,
        cast_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT ballot_proxy_for_other CHECK (capacity = 'OWN' OR voter_member_id <> represented_member_id)
      )`);
    // One ballot per member, per item, per capacity; and one ballot per seat.
    await q.query(`CREATE UNIQUE INDEX ballot_voter_capacity_uq ON ballot (agenda_item_id, voter_member_id, capacity)`);
    await q.query(`CREATE UNIQUE INDEX ballot_seat_uq ON ballot (agenda_item_id, represented_member_id)`);

    // Tamper evidence: every cast and change appends to a hash chain per item.
    await q.query(`
      CREATE TABLE ballot_log (
        id bigserial PRIMARY KEY,
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id),
        ballot_id uuid NULL,
        event varchar(10) NOT NULL CHECK (event IN ('CAST', 'CHANGE', 'WITHDRAW')),
        voter_member_id uuid NOT NULL,
        represented_member_id uuid NOT NULL,
        capacity varchar(8) NOT NULL,
        choice varchar(12) NULL,
        at timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX ballot_log_item_idx ON ballot_log (agenda_item_id, id)`);

    // The database refuses a ballot written, changed or deleted outside an open vote,
    // whoever asks (the application's own user included).
    await q.query(`
      CREATE FUNCTION ballot_only_while_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        item_id uuid;
        state text;
      BEGIN
        item_id := CASE WHEN TG_OP = 'DELETE' THEN OLD.agenda_item_id ELSE NEW.agenda_item_id END;
        -- FOR SHARE serialises with the closing of the vote, which locks the item row
        -- FOR UPDATE: a ballot is either counted or refused, never lost.
        SELECT vote_state INTO state FROM agenda_item WHERE id = item_id FOR SHARE;
        IF state IS DISTINCT FROM 'OPEN' THEN
          RAISE EXCEPTION 'ballot % refused: the vote on item % is not open', TG_OP, item_id USING ERRCODE = 'check_violation';
        END IF;
        -- A ballot moved to another item leaves its own item: that vote must be open too.
        IF TG_OP = 'UPDATE' AND OLD.agenda_item_id IS DISTINCT FROM NEW.agenda_item_id THEN
          SELECT vote_state INTO state FROM agenda_item WHERE id = OLD.agenda_item_id FOR SHARE;
          IF state IS DISTINCT FROM 'OPEN' THEN
            RAISE EXCEPTION 'ballot % refused: the vote on item % is not open', TG_OP, OLD.agenda_item_id USING ERRCODE = 'check_violation';
          END IF;
        END IF;
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
      END;
      $$`);
    await q.query(`
      CREATE TRIGGER ballot_while_open BEFORE INSERT OR UPDATE OR DELETE ON ballot
      FOR EACH ROW EXECUTE FUNCTION ballot_only_while_open()`);
    await q.query(`
      CREATE TRIGGER ballot_no_truncate BEFORE TRUNCATE ON ballot
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`
      CREATE TRIGGER ballot_log_append_only BEFORE UPDATE OR DELETE ON ballot_log
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`
      CREATE TRIGGER ballot_log_no_truncate BEFORE TRUNCATE ON ballot_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
    // The chain of a closed vote cannot grow either.
    await q.query(`
      CREATE FUNCTION ballot_log_only_while_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        state text;
      BEGIN
        SELECT vote_state INTO state FROM agenda_item WHERE id = NEW.agenda_item_id FOR SHARE;
        IF state IS DISTINCT FROM 'OPEN' THEN
          RAISE EXCEPTION 'ballot_log entry refused: the vote on item % is not open', NEW.agenda_item_id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END;
      $$`);
    await q.query(`
      CREATE TRIGGER ballot_log_while_open BEFORE INSERT ON ballot_log
      FOR EACH ROW EXECUTE FUNCTION ballot_log_only_while_open()`);
    // A closed vote's result cannot be rewritten either.
    await q.query(`
      CREATE FUNCTION agenda_item_result_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF OLD.vote_state = 'CLOSED' AND (NEW.vote_state <> 'CLOSED' OR NEW.opinion IS DISTINCT FROM OLD.opinion
            OR NEW.result IS DISTINCT FROM OLD.result OR NEW.vote_closed_at IS DISTINCT FROM OLD.vote_closed_at) THEN
          RAISE EXCEPTION 'the result of agenda item % is closed', OLD.id USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END;
      $$`);
    await q.query(`
      CREATE TRIGGER agenda_item_result_frozen BEFORE UPDATE ON agenda_item
      FOR EACH ROW EXECUTE FUNCTION agenda_item_result_frozen()`);

    // COI-1 / COMP-4: declarations of interest, automatic for the presenting association.
    await q.query(`
      CREATE TABLE interest_declaration (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id),
        member_id uuid NOT NULL REFERENCES member(id),
        reason text NOT NULL,
        automatic boolean NOT NULL,
        declared_by uuid NULL REFERENCES app_user(id),
        declared_at timestamptz NOT NULL,
        CONSTRAINT interest_declaration_uq UNIQUE (agenda_item_id, member_id)
      )`);

    // PV-1: disagreements recorded at members' request.
    await q.query(`
      CREATE TABLE dissent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id),
        member_id uuid NOT NULL REFERENCES member(id),
        text text NOT NULL,
        recorded_at timestamptz NOT NULL,
        CONSTRAINT dissent_uq UNIQUE (agenda_item_id, member_id)
      )`);

    // REM-3: comments of a written deliberation, shared with all participants.
    await q.query(`
      CREATE TABLE deliberation_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sitting_id uuid NOT NULL REFERENCES sitting(id),
        agenda_item_id uuid NULL REFERENCES agenda_item(id),
        author_user_id uuid NOT NULL REFERENCES app_user(id),
        author_member_id uuid NULL REFERENCES member(id),
        body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX deliberation_comment_sitting_idx ON deliberation_comment (sitting_id, created_at)`);

    await q.query(`
      CREATE TABLE physical_sitting_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        agenda_item_id uuid NOT NULL REFERENCES agenda_item(id),
        member_id uuid NOT NULL REFERENCES member(id),
        reason text NOT NULL,
        requested_at timestamptz NOT NULL,
        CONSTRAINT physical_sitting_request_uq UNIQUE (agenda_item_id, member_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE physical_sitting_request`);
    await q.query(`DROP TABLE deliberation_comment`);
    await q.query(`DROP TABLE dissent`);
    await q.query(`DROP TABLE interest_declaration`);
    await q.query(`DROP TRIGGER agenda_item_result_frozen ON agenda_item`);
    await q.query(`DROP FUNCTION agenda_item_result_frozen()`);
    await q.query(`DROP TABLE ballot_log`);
    await q.query(`DROP FUNCTION ballot_log_only_while_open()`);
    await q.query(`DROP TABLE ballot`);
    await q.query(`DROP FUNCTION ballot_only_while_open()`);
    await q.query(`
      ALTER TABLE agenda_item DROP CONSTRAINT agenda_item_vote_closed,
        DROP COLUMN discussion_notes, DROP COLUMN summary, DROP COLUMN result, DROP COLUMN opinion,
        DROP COLUMN vote_closed_at, DROP COLUMN vote_opened_at, DROP COLUMN vote_state`);
    await q.query(`ALTER TABLE sitting DROP COLUMN chair_delegation`);
    await q.query(`ALTER TABLE sitting DROP COLUMN chair_member_id`);
    await q.query(`ALTER TABLE member DROP COLUMN association_id`);
    await q.query(`DELETE FROM parameter WHERE key IN ('vote.abstentions_counted', 'written.allow_physical_request')`);
  }
}
