/** The reference data of the departmental strategy, as the suites expect it (STRAT-1). */

export interface ReferenceAxis {
  number: number;
  title: string;
  recommendations: { number: number; title: string; levers: string[] }[];
}

/**
 * The 16 recommendations in 6 axes of the departmental diagnostic, as written in
 * shared/domain/recommendations.json (seed 002, part V), copied here so that the suites
 * compare the api's reference data with the source text.
 */
export const DIAGNOSTIC_AXES: ReferenceAxis[] = [
  {
    number: 1,
    title: 'Coordination et partenariat',
    recommendations: [
      {
        number: 1,
        title:
          'Relancer le travail de coordination des acteurs en amont des parcours de sortie de prostitution afin de répondre à la pluralité des situations rencontrées',
        levers: [
          "comité de pilotage partenarial coordonné par l'association agréée PSP",
          "orientation, mise à l'abri, séjour avant l'entrée en PSP",
          "faire connaître le PSP aux acteurs de l'insertion",
          "rencontres social / médical / forces de l'ordre",
        ],
      },
      {
        number: 2,
        title:
          'Mobiliser les cinq réseaux de lutte contre les violences conjugales du territoire sur le sujet de la prostitution',
        levers: ["s'appuyer sur les réseaux locaux VIF hors de la ville-centre"],
      },
      {
        number: 3,
        title: 'Formaliser les travaux engagés sur la prostitution des mineurs',
        levers: [
          'protocole pluridisciplinaire de signalement et de retour de fugue (Parquet, PJJ, CHU, Éducation nationale, conseil départemental, police, gendarmerie)',
          'réseau de ressources pour les professionnels',
          'équipe dédiée pour recevoir les mineurs',
        ],
      },
      {
        number: 4,
        title:
          "Mobiliser la commission départementale à l'appui de la stratégie départementale de lutte contre la prostitution",
        levers: [
          'arrêter une stratégie départementale dans les orientations nationales du 2 mai 2024',
          "réunir la commission dès qu'une demande de PSP est complète",
          'former les membres de la commission (cadre légal, loi du 26 janvier 2024, évolution des formes de prostitution)',
        ],
      },
    ],
  },
  {
    number: 2,
    title: 'Formation et sensibilisation',
    recommendations: [
      {
        number: 5,
        title: 'Mettre en place un plan de formation à plusieurs niveaux',
        levers: [
          'sensibilisation de base pour tous les professionnels',
          "modules d'approfondissement pour l'accompagnement",
          'thématiques : traite, mineurs, numérique et réseaux',
        ],
      },
      {
        number: 6,
        title: "Activer l'interprofessionnalité",
        levers: ['partenariats santé / justice / éducation', "rencontres régulières d'échange de pratiques"],
      },
    ],
  },
  {
    number: 3,
    title: 'Prévention auprès des jeunes',
    recommendations: [
      {
        number: 7,
        title:
          'Développer des actions de prévention sur la question de la prostitution à destination des jeunes',
        levers: [
          "s'appuyer sur les interventions existantes en milieu scolaire",
          'cibler les publics vulnérables (foyers)',
        ],
      },
      {
        number: 8,
        title: 'Développer des actions de prévention spécifiques à destination des étudiants',
        levers: [
          'médecine préventive universitaire',
          'prostitution étudiante contre biens, services, hébergement',
        ],
      },
    ],
  },
  {
    number: 4,
    title: 'Aller-vers, repérage et réduction des risques',
    recommendations: [
      {
        number: 9,
        title: "Poursuivre les actions d'aller-vers et de réduction des risques existantes",
        levers: [
          'qualité et disponibilité du matériel de prévention',
          'accès à la santé sexuelle et reproductive',
          'liens avec médecins et pharmaciens',
        ],
      },
      {
        number: 10,
        title: "Développer de nouveaux modes d'intervention pour toucher des publics moins visibles",
        levers: [
          'maraudes mixtes',
          'maraudes numériques',
          'formation des professionnels aux outils numériques',
        ],
      },
      {
        number: 11,
        title: 'Développer le questionnement systématique',
        levers: [
          'questionnaires de pré-accueil',
          'rendez-vous médicaux',
          'auditions de femmes victimes de violences',
        ],
      },
      {
        number: 12,
        title:
          'Développer et diffuser des supports de communication à destination des professionnels et des personnes concernées par la prostitution',
        levers: [
          'plaquettes',
          'affiches et flyers en français simplifié',
          'intégration aux outils existants, mise à jour régulière',
        ],
      },
    ],
  },
  {
    number: 5,
    title: 'Accompagnement social global',
    recommendations: [
      {
        number: 13,
        title: "Renforcer l'accompagnement social dédié sur le territoire",
        levers: [
          "financements dédiés à l'association agréée",
          'montée en compétence des travailleurs sociaux',
        ],
      },
      {
        number: 14,
        title: "Engager un travail sur la question de l'hébergement et du logement",
        levers: [
          "places d'urgence fléchées avant l'entrée en PSP",
          'accompagnement vers et dans le logement pendant et après le PSP',
        ],
      },
    ],
  },
  {
    number: 6,
    title: 'Lutte contre la traite, le proxénétisme et le recours à la prostitution',
    recommendations: [
      {
        number: 15,
        title: 'Renforcer la politique pénale sur la lutte contre les « clients » de la prostitution',
        levers: [
          'poursuites des acheteurs',
          "faire connaître l'interdiction d'achat d'actes sexuels",
          'prévention du « devenir client »',
        ],
      },
      {
        number: 16,
        title:
          'Sensibiliser les hôteliers, hôtes de meublés de tourisme et propriétaires de location saisonnière au proxénétisme hôtelier',
        levers: ['obligation de signalement', 'campagne de communication locale'],
      },
    ],
  },
];

/** The axis and recommendation titles as the PDF prints them (typographic apostrophes made plain). */
export const ALL_RECOMMENDATIONS = DIAGNOSTIC_AXES.flatMap((a) =>
  a.recommendations.map((r) => ({ ...r, axis: a.number })),
);
