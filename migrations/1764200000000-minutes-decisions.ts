import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Minutes and decisions (PV-1, PSP-5, SIG-1): the draft minutes of a sitting, the
 * préfet's decisions, and the signed documents, frozen once signed.
 */
export class MinutesDecisions1764200000000 implements MigrationInterface {
  name = 'MinutesDecisions1764200000000';

  async up(q: QueryRunner): Promise<void> {
    // SIG-1: a signed document never changes: a new version gets a new signature.
    await q.query(`
      CREATE TABLE signed_document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(10) NOT NULL CHECK (kind IN ('MINUTES', 'DECISION', 'STRATEGY')),
        subject_id uuid NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        title text NOT NULL,
        sha256 char(64) NOT NULL UNIQUE,
        size integer NOT NULL,
        content_enc bytea NOT NULL,
        key_id varchar(40) NOT NULL,
        signer_user_id uuid NOT NULL REFERENCES app_user(id),
        signer_name text NOT NULL,
        signer_quality text NOT NULL,
        signed_at timestamptz NOT NULL,
        supersedes_id uuid NULL REFERENCES signed_document(id),
        CONSTRAINT signed_document_version_uq UNIQUE (kind, subject_id, version)
      )`);
    await q.query(`
      CREATE FUNCTION signed_document_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'signed_document is immutable: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END;
      $$`);
    await q.query(`
      CREATE TRIGGER signed_document_immutable BEFORE UPDATE OR DELETE ON signed_document
      FOR EACH ROW EXECUTE FUNCTION signed_document_immutable()`);

    await q.query(`
      CREATE TABLE minutes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        sitting_id uuid NOT NULL UNIQUE REFERENCES sitting(id),
        state varchar(8) NOT NULL CHECK (state IN ('DRAFT', 'SIGNED')),
        version integer NOT NULL DEFAULT 1,
        introduction text NULL,
        justifications jsonb NOT NULL DEFAULT '{}'::jsonb,
        signed_document_id uuid NULL REFERENCES signed_document(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT minutes_signed CHECK ((state = 'SIGNED') = (signed_document_id IS NOT NULL))
      )`);

    // PSP-5: the préfet's decision is its own act, separate from the opinion.
    await q.query(`
      CREATE TABLE decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL UNIQUE REFERENCES psp_request(id),
        kind varchar(12) NOT NULL CHECK (kind IN ('AUTHORISED', 'REFUSED')),
        reasons_enc bytea NOT NULL,
        pathway_start_date date NULL,
        state varchar(8) NOT NULL CHECK (state IN ('DRAFT', 'SIGNED')),
        signed_document_id uuid NULL REFERENCES signed_document(id),
        prepared_by uuid NOT NULL REFERENCES app_user(id),
        prepared_at timestamptz NOT NULL,
        signed_at timestamptz NULL,
        CONSTRAINT decision_signed CHECK ((state = 'SIGNED') = (signed_document_id IS NOT NULL)),
        CONSTRAINT decision_start CHECK (kind = 'REFUSED' OR pathway_start_date IS NOT NULL)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE decision`);
    await q.query(`DROP TABLE minutes`);
    await q.query(`DROP TRIGGER signed_document_immutable ON signed_document`);
    await q.query(`DROP TABLE signed_document`);
    await q.query(`DROP FUNCTION signed_document_immutable()`);
  }
}
