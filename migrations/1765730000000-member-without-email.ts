import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A member may have no e-mail address (convocations are then printed as a letter) and may have a
 * postal address. A blank address is stored as NULL; the unique index on
 * (departement_code, lower(email)) of the active members keeps holding for the non-null addresses
 * (NULLs are distinct in a unique index).
 */
export class MemberWithoutEmail1765730000000 implements MigrationInterface {
  name = 'MemberWithoutEmail1765730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member ALTER COLUMN email DROP NOT NULL`);
    await q.query(`UPDATE member SET email = NULL WHERE btrim(email) = ''`);
    await q.query(
      `ALTER TABLE member ADD CONSTRAINT member_email_not_blank CHECK (email IS NULL OR btrim(email) <> '')`,
    );
    await q.query(`ALTER TABLE member ADD COLUMN postal_address text`);
    await q.query(
      `ALTER TABLE member ADD CONSTRAINT member_postal_address_not_blank CHECK (postal_address IS NULL OR btrim(postal_address) <> '')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE member DROP CONSTRAINT member_postal_address_not_blank`);
    await q.query(`ALTER TABLE member DROP COLUMN postal_address`);
    await q.query(`ALTER TABLE member DROP CONSTRAINT member_email_not_blank`);
    // Nothing can stand for a missing address: the NOT NULL comes back with a placeholder per member.
    await q.query(`UPDATE member SET email = 'sans-adresse+' || id || '@invalid' WHERE email IS NULL`);
    await q.query(`ALTER TABLE member ALTER COLUMN email SET NOT NULL`);
  }
}
