import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Departmental strategy (STRAT-1): versioned reference data (the 16 recommendations in
 * 6 axes of the Vienne diagnostic, mapped to the 4 axes of the national strategy of
 * 2 May 2024), the strategies with their saved versions, comments and yearly follow-up.
 * The reference rows are copied here from shared/domain/recommendations.json (seed 002,
 * part V); a later edition of the diagnostic comes as a new reference version.
 */
export class Strategy1764300000000 implements MigrationInterface {
  name = 'Strategy1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE strategy_reference (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(40) NOT NULL,
        version integer NOT NULL,
        title text NOT NULL,
        source text NOT NULL,
        valid_from date NOT NULL,
        CONSTRAINT strategy_reference_uq UNIQUE (code, version)
      )`);
    await q.query(`
      CREATE TABLE national_axis (
        number integer PRIMARY KEY,
        title text NOT NULL,
        source text NOT NULL
      )`);
    // The 4 axes of the national strategy of 2 May 2024 (labels summarised; editable reference data).
    await q.query(`
      INSERT INTO national_axis (number, title, source) VALUES
        (1, 'Appliquer la loi sur tout le territoire, sous l''égide des préfets et des commissions départementales', 'Stratégie nationale de lutte contre le système prostitutionnel et l''exploitation sexuelle, 2 mai 2024'),
        (2, 'Lutter contre le proxénétisme, la traite et l''achat d''actes sexuels', 'Stratégie nationale de lutte contre le système prostitutionnel et l''exploitation sexuelle, 2 mai 2024'),
        (3, 'Accompagner les victimes : accueil, soins, hébergement et parcours de sortie', 'Stratégie nationale de lutte contre le système prostitutionnel et l''exploitation sexuelle, 2 mai 2024'),
        (4, 'Prévenir, sensibiliser et former, en particulier face à la prostitution des mineurs', 'Stratégie nationale de lutte contre le système prostitutionnel et l''exploitation sexuelle, 2 mai 2024')`);
    await q.query(`
      CREATE TABLE strategy_axis (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference_id uuid NOT NULL REFERENCES strategy_reference(id),
        number integer NOT NULL,
        title text NOT NULL,
        CONSTRAINT strategy_axis_uq UNIQUE (reference_id, number)
      )`);
    await q.query(`
      CREATE TABLE strategy_recommendation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference_id uuid NOT NULL REFERENCES strategy_reference(id),
        axis_number integer NOT NULL,
        number integer NOT NULL,
        title text NOT NULL,
        levers text[] NOT NULL,
        national_axis_number integer NOT NULL REFERENCES national_axis(number),
        CONSTRAINT strategy_recommendation_uq UNIQUE (reference_id, number),
        CONSTRAINT strategy_recommendation_axis_fk FOREIGN KEY (reference_id, axis_number) REFERENCES strategy_axis(reference_id, number)
      )`);
    const [ref] = (await q.query(`
      INSERT INTO strategy_reference (code, version, title, source, valid_from)
      VALUES ('DIAGNOSTIC_86_2024', 1, 'Diagnostic départemental de la Vienne : 16 préconisations en 6 axes',
              'Diagnostic départemental de la Vienne (2024), partie V et synthèse des préconisations', '2024-01-01')
      RETURNING id`)) as { id: string }[];
    await q.query(
      `INSERT INTO strategy_axis (reference_id, number, title)
       SELECT $1, v.number, v.title FROM (VALUES
        (1, 'Coordination et partenariat'),
        (2, 'Formation et sensibilisation'),
        (3, 'Prévention auprès des jeunes'),
        (4, 'Aller-vers, repérage et réduction des risques'),
        (5, 'Accompagnement social global'),
        (6, 'Lutte contre la traite, le proxénétisme et le recours à la prostitution')
       ) AS v(number, title)`,
      [ref.id],
    );
    await q.query(
      `INSERT INTO strategy_recommendation (reference_id, number, axis_number, title, levers, national_axis_number)
       SELECT $1, v.number, v.axis_number, v.title, v.levers, v.national FROM (VALUES
        (1, 1, 'Relancer le travail de coordination des acteurs en amont des parcours de sortie de prostitution afin de répondre à la pluralité des situations rencontrées', ARRAY['comité de pilotage partenarial coordonné par l''association agréée PSP', 'orientation, mise à l''abri, séjour avant l''entrée en PSP', 'faire connaître le PSP aux acteurs de l''insertion', 'rencontres social / médical / forces de l''ordre']::text[], 1),
        (2, 1, 'Mobiliser les cinq réseaux de lutte contre les violences conjugales du territoire sur le sujet de la prostitution', ARRAY['s''appuyer sur les réseaux locaux VIF hors de la ville-centre']::text[], 1),
        (3, 1, 'Formaliser les travaux engagés sur la prostitution des mineurs', ARRAY['protocole pluridisciplinaire de signalement et de retour de fugue (Parquet, PJJ, CHU, Éducation nationale, conseil départemental, police, gendarmerie)', 'réseau de ressources pour les professionnels', 'équipe dédiée pour recevoir les mineurs']::text[], 4),
        (4, 1, 'Mobiliser la commission départementale à l''appui de la stratégie départementale de lutte contre la prostitution', ARRAY['arrêter une stratégie départementale dans les orientations nationales du 2 mai 2024', 'réunir la commission dès qu''une demande de PSP est complète', 'former les membres de la commission (cadre légal, loi du 26 janvier 2024, évolution des formes de prostitution)']::text[], 1),
        (5, 2, 'Mettre en place un plan de formation à plusieurs niveaux', ARRAY['sensibilisation de base pour tous les professionnels', 'modules d''approfondissement pour l''accompagnement', 'thématiques : traite, mineurs, numérique et réseaux']::text[], 4),
        (6, 2, 'Activer l''interprofessionnalité', ARRAY['partenariats santé / justice / éducation', 'rencontres régulières d''échange de pratiques']::text[], 4),
        (7, 3, 'Développer des actions de prévention sur la question de la prostitution à destination des jeunes', ARRAY['s''appuyer sur les interventions existantes en milieu scolaire', 'cibler les publics vulnérables (foyers)']::text[], 4),
        (8, 3, 'Développer des actions de prévention spécifiques à destination des étudiants', ARRAY['médecine préventive universitaire', 'prostitution étudiante contre biens, services, hébergement']::text[], 4),
        (9, 4, 'Poursuivre les actions d''aller-vers et de réduction des risques existantes', ARRAY['qualité et disponibilité du matériel de prévention', 'accès à la santé sexuelle et reproductive', 'liens avec médecins et pharmaciens']::text[], 3),
        (10, 4, 'Développer de nouveaux modes d''intervention pour toucher des publics moins visibles', ARRAY['maraudes mixtes', 'maraudes numériques', 'formation des professionnels aux outils numériques']::text[], 3),
        (11, 4, 'Développer le questionnement systématique', ARRAY['questionnaires de pré-accueil', 'rendez-vous médicaux', 'auditions de femmes victimes de violences']::text[], 3),
        (12, 4, 'Développer et diffuser des supports de communication à destination des professionnels et des personnes concernées par la prostitution', ARRAY['plaquettes', 'affiches et flyers en français simplifié', 'intégration aux outils existants, mise à jour régulière']::text[], 3),
        (13, 5, 'Renforcer l''accompagnement social dédié sur le territoire', ARRAY['financements dédiés à l''association agréée', 'montée en compétence des travailleurs sociaux']::text[], 3),
        (14, 5, 'Engager un travail sur la question de l''hébergement et du logement', ARRAY['places d''urgence fléchées avant l''entrée en PSP', 'accompagnement vers et dans le logement pendant et après le PSP']::text[], 3),
        (15, 6, 'Renforcer la politique pénale sur la lutte contre les « clients » de la prostitution', ARRAY['poursuites des acheteurs', 'faire connaître l''interdiction d''achat d''actes sexuels', 'prévention du « devenir client »']::text[], 2),
        (16, 6, 'Sensibiliser les hôteliers, hôtes de meublés de tourisme et propriétaires de location saisonnière au proxénétisme hôtelier', ARRAY['obligation de signalement', 'campagne de communication locale']::text[], 2)
       ) AS v(number, axis_number, title, levers, national)`,
      [ref.id],
    );

    await q.query(`
      CREATE TABLE strategy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        departement_code varchar(3) NOT NULL REFERENCES departement(code),
        reference_id uuid NOT NULL REFERENCES strategy_reference(id),
        title text NOT NULL,
        period_start integer NOT NULL,
        period_end integer NOT NULL,
        state varchar(10) NOT NULL CHECK (state IN ('DRAFT', 'ON_AGENDA', 'ADOPTED', 'SIGNED')),
        current_version integer NOT NULL DEFAULT 0,
        adopted_version integer NULL,
        agenda_item_id uuid NULL REFERENCES agenda_item(id),
        signed_document_id uuid NULL REFERENCES signed_document(id),
        created_by uuid NOT NULL REFERENCES app_user(id),
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        CONSTRAINT strategy_period CHECK (period_end >= period_start AND period_end - period_start <= 10),
        CONSTRAINT strategy_adopted CHECK (state NOT IN ('ADOPTED', 'SIGNED') OR adopted_version IS NOT NULL)
      )`);
    await q.query(`
      CREATE TABLE strategy_version (
        strategy_id uuid NOT NULL REFERENCES strategy(id),
        number integer NOT NULL CHECK (number >= 1),
        content jsonb NOT NULL,
        note text NULL,
        saved_by uuid NOT NULL REFERENCES app_user(id),
        saved_at timestamptz NOT NULL,
        frozen boolean NOT NULL DEFAULT false,
        PRIMARY KEY (strategy_id, number)
      )`);
    // A saved version never changes; only its frozen flag may be set (on adoption).
    await q.query(`
      CREATE FUNCTION strategy_version_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR NEW.content IS DISTINCT FROM OLD.content OR NEW.number <> OLD.number
           OR NEW.strategy_id <> OLD.strategy_id OR NEW.note IS DISTINCT FROM OLD.note
           OR NEW.saved_by <> OLD.saved_by OR NEW.saved_at <> OLD.saved_at OR (OLD.frozen AND NOT NEW.frozen) THEN
          RAISE EXCEPTION 'strategy_version is immutable' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END;
      $$`);
    await q.query(`
      CREATE TRIGGER strategy_version_immutable BEFORE UPDATE OR DELETE ON strategy_version
      FOR EACH ROW EXECUTE FUNCTION strategy_version_immutable()`);
    await q.query(`
      CREATE TABLE strategy_comment (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        strategy_id uuid NOT NULL REFERENCES strategy(id),
        version integer NOT NULL,
        target_type varchar(16) NOT NULL CHECK (target_type IN ('GENERAL', 'RECOMMENDATION', 'ACTION')),
        target_key varchar(60) NULL,
        author_user_id uuid NOT NULL REFERENCES app_user(id),
        body text NOT NULL,
        created_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX strategy_comment_idx ON strategy_comment (strategy_id, created_at)`);
    await q.query(`
      CREATE TABLE strategy_indicator_value (
        strategy_id uuid NOT NULL REFERENCES strategy(id),
        indicator_key uuid NOT NULL,
        year integer NOT NULL,
        value numeric NOT NULL,
        entered_by uuid NOT NULL REFERENCES app_user(id),
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (strategy_id, indicator_key, year)
      )`);
    await q.query(`
      CREATE TABLE strategy_action_progress (
        strategy_id uuid NOT NULL REFERENCES strategy(id),
        action_key uuid NOT NULL,
        year integer NOT NULL,
        status varchar(12) NOT NULL CHECK (status IN ('NOT_STARTED', 'IN_PROGRESS', 'DONE', 'DROPPED')),
        note text NULL,
        entered_by uuid NOT NULL REFERENCES app_user(id),
        entered_at timestamptz NOT NULL,
        PRIMARY KEY (strategy_id, action_key, year)
      )`);
    // Adoption at a policy sitting: the agenda item that carries a strategy version.
    await q.query(`ALTER TABLE agenda_item ADD COLUMN strategy_id uuid NULL REFERENCES strategy(id)`);
    await q.query(`ALTER TABLE agenda_item ADD COLUMN strategy_version integer NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agenda_item DROP COLUMN strategy_version`);
    await q.query(`ALTER TABLE agenda_item DROP COLUMN strategy_id`);
    await q.query(`DROP TABLE strategy_action_progress`);
    await q.query(`DROP TABLE strategy_indicator_value`);
    await q.query(`DROP TABLE strategy_comment`);
    await q.query(`DROP TRIGGER strategy_version_immutable ON strategy_version`);
    await q.query(`DROP FUNCTION strategy_version_immutable()`);
    await q.query(`DROP TABLE strategy_version`);
    await q.query(`DROP TABLE strategy`);
    await q.query(`DROP TABLE strategy_recommendation`);
    await q.query(`DROP TABLE strategy_axis`);
    await q.query(`DROP TABLE national_axis`);
    await q.query(`DROP TABLE strategy_reference`);
  }
}
