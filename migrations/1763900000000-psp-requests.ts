import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PSP requests (PSP-1 to PSP-8, DP-1 to DP-3): dated parameters, the completeness
 * checklist as dated configuration, requests with encrypted dossiers, encrypted
 * supporting documents, pathways with their periods, and anonymised statistics.
 */
export class PspRequests1763900000000 implements MigrationInterface {
  name = 'PspRequests1763900000000';

  async up(q: QueryRunner): Promise<void> {
    // Every amount, duration and delay is a dated parameter, never a constant in code.
    await q.query(`
      CREATE TABLE parameter (
        key text NOT NULL,
        valid_from date NOT NULL,
        value numeric NOT NULL,
        description text NOT NULL,
        PRIMARY KEY (key, valid_from)
      )`);
    await q.query(`
      INSERT INTO parameter (key, valid_from, value, description) VALUES
        ('afis.monthly_base', '2022-07-01', 343.20, 'AFIS-1 : montant mensuel pour une personne seule (décret 2022-1340)'),
        ('afis.per_child', '2022-07-01', 106.08, 'AFIS-1 : majoration mensuelle par enfant à charge'),
        ('pathway.period_months', '2016-04-13', 6, 'PSP-6 : durée d''une période de parcours, en mois'),
        ('pathway.max_total_months', '2016-04-13', 24, 'PSP-6 : durée maximale d''un parcours, en mois'),
        ('pathway.expiry_alert_days', '2016-04-13', 45, 'PSP-6 : alerte avant la fin d''une période, en jours'),
        ('approval.years', '2016-04-13', 3, 'PSP-2 : durée de l''agrément d''une association, en années'),
        ('retention.withdrawn_request_months', '2016-04-13', 24, 'DP-3 : conservation d''une demande retirée, en mois après le retrait'),
        ('retention.decided_request_months', '2016-04-13', 36, 'DP-3 : conservation d''une demande refusée, en mois après la décision'),
        ('retention.ended_pathway_months', '2016-04-13', 60, 'DP-3 : conservation d''un parcours terminé, en mois après sa fin')`);

    await q.query(`
      CREATE TABLE psp_checklist_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind varchar(10) NOT NULL CHECK (kind IN ('INITIAL', 'RENEWAL')),
        code varchar(40) NOT NULL,
        label text NOT NULL,
        required boolean NOT NULL,
        one_of text[] NOT NULL DEFAULT '{}',
        max_age_months integer NULL CHECK (max_age_months IS NULL OR max_age_months > 0),
        expired_needs_second boolean NOT NULL DEFAULT false,
        never_required_reason text NULL,
        alternative text NULL,
        sort_order integer NOT NULL,
        valid_from date NOT NULL,
        valid_to date NULL,
        CONSTRAINT psp_checklist_item_validity CHECK (valid_to IS NULL OR valid_to >= valid_from),
        CONSTRAINT psp_checklist_item_uq UNIQUE (kind, code, valid_from)
      )`);
    // Seeded from psp-pieces.json (PSP-3, instruction of 13 April 2022).
    await q.query(`
      INSERT INTO psp_checklist_item
        (kind, code, label, required, one_of, max_age_months, expired_needs_second, never_required_reason, alternative, sort_order, valid_from)
      VALUES
        ('INITIAL', 'FORMULAIRE_DEMANDE', 'Formulaire de demande d''engagement dans le parcours', true, '{}', NULL, false, NULL, NULL, 10, '2016-04-13'),
        ('INITIAL', 'PROJET_PARCOURS', 'Document formalisant le parcours (actions prévues, engagements de la personne), signé par la personne et l''association', true, '{}', NULL, false, NULL, NULL, 20, '2016-04-13'),
        ('INITIAL', 'EVALUATION_ASSOCIATION', 'Évaluation de la situation et projet d''insertion sociale et professionnelle par l''association agréée', true, '{}', NULL, false, NULL, NULL, 30, '2016-04-13'),
        ('INITIAL', 'ATTESTATION_ARRET', 'Attestation sur l''honneur d''arrêt de l''activité de prostitution', true, '{}', NULL, false, NULL, NULL, 40, '2016-04-13'),
        ('INITIAL', 'AGREMENT_ASSOCIATION', 'Arrêté d''agrément de l''association, en cours de validité pour le département', true, '{}', NULL, false, NULL, NULL, 50, '2016-04-13'),
        ('INITIAL', 'ETAT_CIVIL', 'Copie intégrale d''acte de naissance avec les mentions les plus récentes', true, '{}', NULL, false, NULL, NULL, 60, '2016-04-13'),
        ('INITIAL', 'NATIONALITE', 'Justificatif de nationalité', true, '{PASSEPORT,CARTE_IDENTITE,CARTE_CONSULAIRE,ATTESTATION_CONSULAIRE_PHOTO,CERTIFICAT_NATIONALITE}', NULL, true, NULL, 'plusieurs documents concordants acceptés par le secrétariat, avec motif', 70, '2016-04-13'),
        ('INITIAL', 'DOMICILE', 'Justificatif de domicile (ou de domiciliation)', true, '{}', 6, false, NULL, NULL, 80, '2016-04-13'),
        ('INITIAL', 'SITUATION', 'Pièces sur la situation administrative, familiale et sociale', true, '{}', NULL, false, NULL, NULL, 90, '2016-04-13'),
        ('INITIAL', 'PLAINTE', 'Dépôt de plainte ou témoignage', false, '{}', NULL, false, 'Conseil d''État, 19 novembre 2021, n° 440802', NULL, 100, '2016-04-13'),
        ('RENEWAL', 'FORMULAIRE_RENOUVELLEMENT', 'Formulaire de demande de renouvellement', true, '{}', NULL, false, NULL, NULL, 10, '2016-04-13'),
        ('RENEWAL', 'BILAN_ETAPE', 'Bilan de la période écoulée par l''association (actions réalisées, engagements tenus)', true, '{}', NULL, false, NULL, NULL, 20, '2016-04-13'),
        ('RENEWAL', 'PROJET_PARCOURS_MAJ', 'Document de parcours mis à jour pour la période suivante', true, '{}', NULL, false, NULL, NULL, 30, '2016-04-13'),
        ('RENEWAL', 'AGREMENT_ASSOCIATION', 'Arrêté d''agrément de l''association, en cours de validité', true, '{}', NULL, false, NULL, NULL, 40, '2016-04-13')`);

    await q.query(`
      CREATE TABLE psp_reference_counter (
        departement_code varchar(3) NOT NULL REFERENCES departement(code),
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (departement_code, year)
      )`);

    // DP-1 / DP-2: the dossier (identity, contact, situation, plan, evaluation) is one
    // AES-256-GCM ciphertext; only pseudonymous or coarse fields stay in clear.
    await q.query(`
      CREATE TABLE psp_request (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference varchar(20) NOT NULL UNIQUE,
        departement_code varchar(3) NOT NULL REFERENCES departement(code),
        kind varchar(10) NOT NULL CHECK (kind IN ('INITIAL', 'RENEWAL')),
        state varchar(20) NOT NULL CHECK (state IN
          ('DRAFT', 'SUBMITTED', 'INCOMPLETE', 'COMPLETE', 'ON_AGENDA', 'OPINION_GIVEN', 'DECIDED', 'WITHDRAWN')),
        association_id uuid NOT NULL REFERENCES association(id),
        pathway_id uuid NULL,
        dossier_enc bytea NULL,
        key_id varchar(40) NULL,
        urgent boolean NOT NULL DEFAULT false,
        age_band text NULL,
        nationality_group varchar(20) NULL,
        foreigner boolean NULL,
        created_by uuid NOT NULL REFERENCES app_user(id),
        submitted_at timestamptz NULL,
        completed_at timestamptz NULL,
        opinion varchar(15) NULL CHECK (opinion IN ('FAVOURABLE', 'UNFAVOURABLE')),
        opinion_at timestamptz NULL,
        decision varchar(15) NULL CHECK (decision IN ('AUTHORISED', 'REFUSED')),
        decided_at timestamptz NULL,
        withdrawn_at timestamptz NULL,
        withdrawn_reason_enc bytea NULL,
        nationality_waiver_accepted boolean NULL,
        nationality_waiver_at timestamptz NULL,
        nationality_waiver_reason_enc bytea NULL,
        purged_at timestamptz NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT psp_request_opinion_state CHECK (
          (state IN ('OPINION_GIVEN', 'DECIDED')) = (opinion IS NOT NULL) OR state = 'WITHDRAWN'),
        CONSTRAINT psp_request_decision_state CHECK ((state = 'DECIDED') = (decision IS NOT NULL)),
        CONSTRAINT psp_request_renewal_pathway CHECK (kind = 'INITIAL' OR pathway_id IS NOT NULL),
        CONSTRAINT psp_request_completed CHECK (
          state NOT IN ('COMPLETE', 'ON_AGENDA', 'OPINION_GIVEN', 'DECIDED') OR completed_at IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX psp_request_state_idx ON psp_request (state, completed_at)`);
    await q.query(`CREATE INDEX psp_request_association_idx ON psp_request (association_id)`);

    await q.query(`
      CREATE TABLE supporting_document (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        request_id uuid NOT NULL REFERENCES psp_request(id),
        item_code varchar(40) NOT NULL,
        doc_type varchar(40) NULL,
        issue_date date NULL,
        expiry_date date NULL,
        filename_enc bytea NOT NULL,
        content_type varchar(40) NOT NULL CHECK (content_type IN ('application/pdf', 'image/jpeg', 'image/png')),
        size integer NOT NULL CHECK (size > 0 AND size <= 10485760),
        sha256 char(64) NOT NULL,
        content_enc bytea NULL,
        key_id varchar(40) NOT NULL,
        uploaded_by uuid NOT NULL REFERENCES app_user(id),
        uploaded_at timestamptz NOT NULL,
        deleted_at timestamptz NULL
      )`);
    await q.query(`CREATE INDEX supporting_document_request_idx ON supporting_document (request_id) WHERE deleted_at IS NULL`);

    await q.query(`
      CREATE TABLE pathway (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference varchar(20) NOT NULL UNIQUE,
        departement_code varchar(3) NOT NULL REFERENCES departement(code),
        association_id uuid NOT NULL REFERENCES association(id),
        initial_request_id uuid NOT NULL UNIQUE REFERENCES psp_request(id),
        state varchar(10) NOT NULL CHECK (state IN ('ACTIVE', 'ENDED')),
        start_date date NOT NULL,
        foreigner boolean NOT NULL,
        children_count integer NOT NULL DEFAULT 0,
        residence_permit_status varchar(20) NOT NULL DEFAULT 'NOT_APPLICABLE' CHECK (residence_permit_status IN
          ('NOT_APPLICABLE', 'TO_REQUEST', 'REQUESTED', 'GRANTED', 'RENEWED', 'REFUSED')),
        residence_permit_valid_until date NULL,
        end_reason varchar(25) NULL CHECK (end_reason IN ('COMPLETED', 'WITHDRAWN_BY_PERSON', 'ENDED_BY_PREFET', 'EXPIRED')),
        end_effective_date date NULL,
        end_comment text NULL,
        ended_at timestamptz NULL,
        last_alert_period integer NOT NULL DEFAULT 0,
        purged_at timestamptz NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT pathway_end CHECK ((state = 'ENDED') = (end_reason IS NOT NULL AND end_effective_date IS NOT NULL))
      )`);
    await q.query(`ALTER TABLE psp_request ADD CONSTRAINT psp_request_pathway_fk FOREIGN KEY (pathway_id) REFERENCES pathway(id)`);
    await q.query(`
      CREATE TABLE pathway_period (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        pathway_id uuid NOT NULL REFERENCES pathway(id),
        idx integer NOT NULL CHECK (idx >= 1),
        start_date date NOT NULL,
        end_date date NOT NULL,
        request_id uuid NOT NULL UNIQUE REFERENCES psp_request(id),
        CONSTRAINT pathway_period_uq UNIQUE (pathway_id, idx),
        CONSTRAINT pathway_period_dates CHECK (end_date >= start_date)
      )`);

    // DP-3: what remains after the purge of personal data.
    await q.query(`
      CREATE TABLE anonymised_statistic (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        record_type varchar(20) NOT NULL CHECK (record_type IN ('PSP_REQUEST', 'PATHWAY')),
        departement_code varchar(3) NOT NULL,
        year integer NOT NULL,
        kind varchar(10) NULL,
        outcome varchar(20) NULL,
        age_band text NULL,
        nationality_group varchar(20) NULL,
        foreigner boolean NULL,
        days_completion_to_opinion integer NULL,
        pathway_months integer NULL,
        end_reason varchar(25) NULL,
        purged_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE anonymised_statistic`);
    await q.query(`ALTER TABLE psp_request DROP CONSTRAINT psp_request_pathway_fk`);
    await q.query(`DROP TABLE pathway_period`);
    await q.query(`DROP TABLE pathway`);
    await q.query(`DROP TABLE supporting_document`);
    await q.query(`DROP TABLE psp_request`);
    await q.query(`DROP TABLE psp_reference_counter`);
    await q.query(`DROP TABLE psp_checklist_item`);
    await q.query(`DROP TABLE parameter`);
  }
}
