/**
 * Realistic volumes for the national instance: 101 départements, each with a commission of
 * 20 members, an association, 200 PSP requests in every state and 10 sittings (each with its
 * 20 convened members and 3 agenda items). Written as the schema owner in a few set-based
 * statements (row-level security does not apply to the owner's policy), after the demo.
 */
export const DEPARTEMENTS: string[] = [
  ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, '0')).filter((c) => c !== '20'),
  '2A',
  '2B',
  '971',
  '972',
  '973',
  '974',
  '976',
];

export const VOLUMES = { requests: 200, sittings: 10, members: 20, itemsPerSitting: 3 };

/** The statements, in order ($1: the département codes). */
export const LOAD_SQL: string[] = [
  `INSERT INTO departement (code, name, prefecture, mail_sender_name)
     SELECT c, 'Département ' || c, 'Préfecture ' || c, 'CDLP ' || c FROM unnest($1::text[]) c
     ON CONFLICT (code) DO NOTHING`,
  // The national defaults of the configuration, for the départements that have none yet.
  `INSERT INTO parameter (departement_code, key, valid_from, value, description)
     SELECT d.code, p.key, p.valid_from, p.value, p.description
       FROM departement d CROSS JOIN parameter_default p
      WHERE d.code = ANY($1) AND NOT EXISTS (SELECT 1 FROM parameter x WHERE x.departement_code = d.code)`,
  `INSERT INTO psp_checklist_item (departement_code, kind, code, label, required, one_of, max_age_months, expired_needs_second,
                                   never_required_reason, alternative, sort_order, valid_from, valid_to)
     SELECT d.code, c.kind, c.code, c.label, c.required, c.one_of, c.max_age_months, c.expired_needs_second,
            c.never_required_reason, c.alternative, c.sort_order, c.valid_from, c.valid_to
       FROM departement d CROSS JOIN psp_checklist_default c
      WHERE d.code = ANY($1) AND NOT EXISTS (SELECT 1 FROM psp_checklist_item x WHERE x.departement_code = d.code)`,
  `INSERT INTO app_user (email, password_hash, first_name, last_name, role, departement_code)
     SELECT 'bench.secretariat.' || lower(c) || '@example.fr', 'not-a-hash', 'Camille', 'Banc ' || c, 'SECRETARIAT', c
       FROM unnest($1::text[]) c`,
  `INSERT INTO association (departement_code, name, email, approval_order_ref, approval_start, approval_end, departement_codes)
     SELECT c, 'Association du banc ' || c, 'asso.' || lower(c) || '@example.fr', 'Arrêté banc ' || c,
            current_date - 200, current_date + 900, ARRAY[c]
       FROM unnest($1::text[]) c`,
  `INSERT INTO member (departement_code, civility, first_name, last_name, category_code, organisation, function, email,
                       appointing_order_ref, term_start, seat, appointment_kind)
     SELECT c, CASE WHEN i % 2 = 0 THEN 'MME' ELSE 'M' END, 'Prénom' || i, 'Membre ' || c || '-' || i, 'ETAT_SANTE',
            'Organisme ' || i, 'Fonction ' || i, 'membre' || i || '.' || lower(c) || '@example.fr', 'Arrêté ' || c,
            current_date - 365, 'TITULAIRE', 'EX_OFFICIO'
       FROM unnest($1::text[]) c CROSS JOIN generate_series(1, ${VOLUMES.members}) i`,
  // Requests in the states a real département holds: drafts, incomplete, complete, decided.
  `INSERT INTO psp_reference_counter (departement_code, year, last_value)
     SELECT c, 2030, ${VOLUMES.requests} FROM unnest($1::text[]) c ON CONFLICT DO NOTHING`,
  `INSERT INTO psp_request (reference, departement_code, kind, state, association_id, urgent, age_band, nationality_group, foreigner,
                            created_by, submitted_at, completed_at, opinion, opinion_at, decision, decided_at, created_at, updated_at)
     SELECT 'PSP-' || c || '-2030-' || lpad(i::text, 4, '0'), c, 'INITIAL', st.state, a.id, i % 17 = 0, '25-34 ans', 'AFRIQUE', true,
            u.id, now() - (i || ' days')::interval,
            CASE WHEN st.state IN ('COMPLETE', 'OPINION_GIVEN', 'DECIDED') THEN now() - ((i / 2) || ' days')::interval END,
            CASE WHEN st.state IN ('OPINION_GIVEN', 'DECIDED') THEN 'FAVOURABLE' END,
            CASE WHEN st.state IN ('OPINION_GIVEN', 'DECIDED') THEN now() - ((i / 3) || ' days')::interval END,
            CASE WHEN st.state = 'DECIDED' THEN 'AUTHORISED' END,
            CASE WHEN st.state = 'DECIDED' THEN now() - ((i / 4) || ' days')::interval END,
            now() - (i || ' days')::interval, now() - ((i / 5) || ' days')::interval
       FROM unnest($1::text[]) c
       JOIN association a ON a.departement_code = c AND a.name = 'Association du banc ' || c
       JOIN app_user u ON u.email = 'bench.secretariat.' || lower(c) || '@example.fr'
       CROSS JOIN generate_series(1, ${VOLUMES.requests}) i
       CROSS JOIN LATERAL (SELECT (ARRAY['DRAFT', 'INCOMPLETE', 'COMPLETE', 'OPINION_GIVEN', 'DECIDED'])[1 + i % 5] AS state) st`,
  `INSERT INTO sitting (departement_code, number, kind, mode, state, title, starts_at, place, convoked_at, created_by, created_at, updated_at)
     SELECT c, '2030-' || lpad(i::text, 2, '0'), CASE WHEN i % 3 = 0 THEN 'POLICY' ELSE 'EXAMINATION' END, 'HYBRID', 'CONVENED',
            'Séance ' || i, now() + (i * 7 || ' days')::interval, 'Préfecture', now(), u.id, now(), now()
       FROM unnest($1::text[]) c
       JOIN app_user u ON u.email = 'bench.secretariat.' || lower(c) || '@example.fr'
       CROSS JOIN generate_series(1, ${VOLUMES.sittings}) i`,
  `INSERT INTO sitting_member (departement_code, sitting_id, member_id, convened, excluded_from_psp)
     SELECT s.departement_code, s.id, m.id, true, false
       FROM sitting s JOIN member m ON m.departement_code = s.departement_code AND m.email LIKE 'membre%@example.fr'
      WHERE s.number LIKE '2030-%'`,
  `INSERT INTO agenda_item (departement_code, sitting_id, position, kind, title, presenter, created_at)
     SELECT s.departement_code, s.id, i, 'POLICY', 'Point ' || i, 'Secrétariat', now()
       FROM sitting s CROSS JOIN generate_series(1, ${VOLUMES.itemsPerSitting}) i
      WHERE s.number LIKE '2030-%'`,
  // The demo member of the Vienne is convened to the Vienne's sittings too, so that its list is full.
  `INSERT INTO sitting_member (departement_code, sitting_id, member_id, convened, excluded_from_psp)
     SELECT s.departement_code, s.id, u.member_id, true, false
       FROM sitting s JOIN app_user u ON u.email = 'membre@demo.cdlp.fr'
      WHERE s.number LIKE '2030-%' AND s.departement_code = '86'
     ON CONFLICT DO NOTHING`,
];
