import { EntityManager } from 'typeorm';
import { PspDossierDto, PspRequestState, addDays, addMonths, parisDate } from '@cdlp/shared';
import { UserEntity } from '../core/auth/user.entity';
import { CryptoService } from '../core/crypto/crypto.service';
import { PathwaysService } from '../pathways/pathways.service';
import { PspRequestEntity } from '../psp-requests/psp-request.entity';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { SupportingDocumentEntity } from '../psp-requests/supporting-document.entity';
import { createHash } from 'node:crypto';

/** A tiny valid PDF, the content of every demo document. */
export function demoPdf(title: string): Buffer {
  const text = title.replace(/[()\\]/g, '');
  const stream = `BT /F1 14 Tf 72 760 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

interface DemoRequestSpec {
  firstName: string;
  lastName: string;
  birthDate: string;
  nationality: string;
  nationalityGroup: PspDossierDto['nationalityGroup'];
  foreigner: boolean;
  target: PspRequestState;
  /** Days before today the request was submitted. */
  submittedDaysAgo?: number;
  completedDaysAgo?: number;
  /** Which documents are missing, or faulty. */
  docs?: 'all' | 'missing-attestation' | 'old-address' | 'none';
  opinion?: 'FAVOURABLE' | 'UNFAVOURABLE';
  decision?: 'AUTHORISED' | 'REFUSED';
  urgent?: boolean;
}

/** Fictional people. Every name here is invented. */
const SPECS: DemoRequestSpec[] = [
  { firstName: 'Amina', lastName: 'Diallo', birthDate: '1996-04-12', nationality: 'Guinéenne', nationalityGroup: 'AFRIQUE', foreigner: true, target: 'DRAFT', docs: 'none' },
  { firstName: 'Joy', lastName: 'Okafor', birthDate: '1999-09-03', nationality: 'Nigériane', nationalityGroup: 'AFRIQUE', foreigner: true, target: 'INCOMPLETE', submittedDaysAgo: 12, docs: 'old-address' },
  { firstName: 'Elena', lastName: 'Popescu', birthDate: '1991-01-25', nationality: 'Roumaine', nationalityGroup: 'UE', foreigner: true, target: 'INCOMPLETE', submittedDaysAgo: 5, docs: 'missing-attestation' },
  { firstName: 'Mélanie', lastName: 'Garnier', birthDate: '1988-07-30', nationality: 'Française', nationalityGroup: 'FRANCE', foreigner: false, target: 'COMPLETE', submittedDaysAgo: 45, completedDaysAgo: 40, docs: 'all' },
  { firstName: 'Grace', lastName: 'Mensah', birthDate: '2001-02-14', nationality: 'Ghanéenne', nationalityGroup: 'AFRIQUE', foreigner: true, target: 'COMPLETE', submittedDaysAgo: 6, completedDaysAgo: 3, docs: 'all', urgent: true },
  { firstName: 'Lin', lastName: 'Wei', birthDate: '1993-11-08', nationality: 'Chinoise', nationalityGroup: 'ASIE_OCEANIE', foreigner: true, target: 'COMPLETE', submittedDaysAgo: 10, completedDaysAgo: 8, docs: 'all' },
  { firstName: 'Sandra', lastName: 'Lopes', birthDate: '1985-05-19', nationality: 'Brésilienne', nationalityGroup: 'AMERIQUES', foreigner: true, target: 'OPINION_GIVEN', submittedDaysAgo: 60, completedDaysAgo: 55, docs: 'all', opinion: 'FAVOURABLE' },
  { firstName: 'Fatou', lastName: 'Camara', birthDate: '1997-03-02', nationality: 'Sénégalaise', nationalityGroup: 'AFRIQUE', foreigner: true, target: 'DECIDED', submittedDaysAgo: 150, completedDaysAgo: 140, docs: 'all', opinion: 'UNFAVOURABLE', decision: 'REFUSED' },
  { firstName: 'Irina', lastName: 'Kovalenko', birthDate: '1990-10-10', nationality: 'Ukrainienne', nationalityGroup: 'EUROPE_HORS_UE', foreigner: true, target: 'WITHDRAWN', submittedDaysAgo: 30, docs: 'all' },
];

/** The second département's requests. Every name here is invented too. */
const SMALL_SPECS: DemoRequestSpec[] = [
  { firstName: 'Blessing', lastName: 'Eze', birthDate: '1998-05-22', nationality: 'Nigériane', nationalityGroup: 'AFRIQUE', foreigner: true, target: 'INCOMPLETE', submittedDaysAgo: 9, docs: 'missing-attestation' },
  { firstName: 'Julie', lastName: 'Marchal', birthDate: '1990-12-04', nationality: 'Française', nationalityGroup: 'FRANCE', foreigner: false, target: 'COMPLETE', submittedDaysAgo: 20, completedDaysAgo: 15, docs: 'all' },
  { firstName: 'Maria', lastName: 'Ionescu', birthDate: '1995-03-11', nationality: 'Roumaine', nationalityGroup: 'UE', foreigner: true, target: 'COMPLETE', submittedDaysAgo: 7, completedDaysAgo: 4, docs: 'all' },
];

const PILLARS: PspDossierDto['supportPlan'] = [
  { pillar: 'SANTE', plannedActions: 'Suivi médical au CeGIDD et accompagnement psychologique.', commitments: 'Se rendre aux rendez-vous fixés.' },
  { pillar: 'LOGEMENT', plannedActions: 'Orientation vers un logement accompagné (SIAO).', commitments: "Respecter le règlement de l'hébergement." },
  { pillar: 'EMPLOI_FORMATION', plannedActions: 'Cours de français langue étrangère, puis formation qualifiante.', commitments: 'Suivre les cours avec assiduité.' },
  { pillar: 'PAPIERS', plannedActions: "Demande d'autorisation provisoire de séjour.", commitments: 'Fournir les pièces demandées.' },
];

function dossierOf(s: DemoRequestSpec): PspDossierDto {
  return {
    lastName: s.lastName,
    firstName: s.firstName,
    birthDate: s.birthDate,
    nationality: s.nationality,
    nationalityGroup: s.nationalityGroup,
    foreigner: s.foreigner,
    phone: '06 00 00 00 00',
    postalAddress: 'Domiciliation : Association Passerelles Vienne, Poitiers',
    familySituation: 'Célibataire',
    childrenCount: s.lastName === 'Garnier' ? 2 : 0,
    housing: 'HEBERGEMENT_URGENCE',
    resources: 'Aucune ressource déclarée.',
    administrativeStatus: s.foreigner ? (s.nationalityGroup === 'UE' ? 'UE' : 'SANS_TITRE') : 'FRANCAISE',
    supportPlan: PILLARS,
    evaluation: "La personne a cessé l'activité prostitutionnelle et adhère au projet d'insertion construit avec l'association.",
    associationOpinion: 'FAVOURABLE',
    urgent: s.urgent ?? false,
  };
}

/** Seeds PSP requests in every state reachable without a sitting, and two pathways. */
export class DemoPspSeeder {
  constructor(
    private readonly requests: PspRequestsService,
    private readonly pathways: PathwaysService,
    private readonly crypto: CryptoService,
  ) {}

  /** `small`: a second département's demo, with a few requests of other invented people. */
  async seed(m: EntityManager, associationUser: UserEntity, associationId: string, now: Date, size: 'full' | 'small' = 'full'): Promise<void> {
    const today = parisDate(now);
    if (size === 'small') {
      for (const spec of SMALL_SPECS) await this.one(m, associationUser, associationId, spec, today);
      await this.pathway(m, associationUser, associationId, {
        firstName: 'Aïcha', lastName: 'Benhamou', birthDate: '1994-08-17', nationality: 'Algérienne', nationalityGroup: 'AFRIQUE', foreigner: true, target: 'DECIDED',
      }, addDays(today, -60), 0, today);
      return;
    }
    for (const spec of SPECS) {
      await this.one(m, associationUser, associationId, spec, today);
    }
    // A pathway in its first period.
    await this.pathway(m, associationUser, associationId, {
      firstName: 'Rose', lastName: 'Nkemelu', birthDate: '1995-06-21', nationality: 'Camerounaise', nationalityGroup: 'AFRIQUE', foreigner: true, target: 'DECIDED',
    }, addDays(today, -95), 0, today);
    // PSP-6: a pathway close to its 24-month limit: 3 renewals, the last period ends in 40 days.
    await this.pathway(m, associationUser, associationId, {
      firstName: 'Nadia', lastName: 'Haddou', birthDate: '1987-12-01', nationality: 'Marocaine', nationalityGroup: 'AFRIQUE', foreigner: true, target: 'DECIDED',
    }, addDays(addMonths(today, -24), 40), 3, today);
  }

  private async one(m: EntityManager, user: UserEntity, associationId: string, spec: DemoRequestSpec, today: string): Promise<PspRequestEntity> {
    const request = await this.requests.insertDraft(m, user, 'INITIAL', associationId, null, dossierOf(spec));
    const submitted = spec.submittedDaysAgo !== undefined ? addDays(today, -spec.submittedDaysAgo) : today;
    await this.documents(m, request, user, spec.docs ?? 'all', submitted, 'INITIAL');
    if (spec.target === 'DRAFT') return request;
    request.submittedAt = new Date(`${submitted}T09:30:00+01:00`);
    request.ageBand = null;
    await this.requests.applyEvent(m, request, 'SUBMIT');
    await this.requests.refreshCompleteness(m, request);
    if (spec.completedDaysAgo !== undefined && request.state === 'COMPLETE') {
      request.completedAt = new Date(`${addDays(today, -spec.completedDaysAgo)}T10:00:00+01:00`);
      await m.save(request);
    }
    if (spec.target === 'WITHDRAWN') {
      request.withdrawnAt = new Date();
      request.withdrawnReasonEnc = this.crypto.encryptText('La personne a quitté le département.', `psp_request:${request.id}:withdrawn`);
      await this.requests.applyEvent(m, request, 'WITHDRAW');
      return request;
    }
    if (spec.target === 'OPINION_GIVEN' || spec.target === 'DECIDED') {
      await this.requests.putOnAgenda(m, request.id);
      const r = await this.requests.giveOpinion(m, request.id, spec.opinion ?? 'FAVOURABLE');
      r.opinionAt = new Date(`${addDays(today, -(spec.completedDaysAgo ?? 10) + 20)}T11:00:00+01:00`);
      await m.save(r);
      if (spec.target === 'DECIDED') {
        await this.pathways.decide(m, request.id, spec.decision ?? 'AUTHORISED', addDays(today, -(spec.completedDaysAgo ?? 10) + 30));
      }
    }
    return request;
  }

  private async pathway(
    m: EntityManager,
    user: UserEntity,
    associationId: string,
    spec: DemoRequestSpec,
    startDate: string,
    renewals: number,
    today: string,
  ): Promise<void> {
    const request = await this.requests.insertDraft(m, user, 'INITIAL', associationId, null, dossierOf(spec));
    const submitted = addDays(startDate, -40);
    await this.documents(m, request, user, 'all', submitted, 'INITIAL');
    request.submittedAt = new Date(`${submitted}T09:00:00+01:00`);
    await this.requests.applyEvent(m, request, 'SUBMIT');
    await this.requests.refreshCompleteness(m, request);
    await this.requests.putOnAgenda(m, request.id);
    await this.requests.giveOpinion(m, request.id, 'FAVOURABLE');
    const decided = await this.pathways.decide(m, request.id, 'AUTHORISED', startDate);
    await this.backdate(m, request.id, submitted, startDate);
    for (let i = 0; i < renewals; i++) {
      const renewalSubmitted = addDays(addMonths(startDate, 6 * (i + 1)), -30);
      const renewal = await this.requests.insertDraft(m, user, 'RENEWAL', associationId, decided.pathwayId, {
        ...dossierOf(spec),
        progressReport: `Bilan de la période ${i + 1} : engagements tenus, actions d'insertion en cours.`,
      });
      await this.documents(m, renewal, user, 'all', renewalSubmitted, 'RENEWAL');
      renewal.submittedAt = new Date(`${renewalSubmitted}T09:00:00+01:00`);
      await this.requests.applyEvent(m, renewal, 'SUBMIT');
      await this.requests.refreshCompleteness(m, renewal);
      await this.requests.putOnAgenda(m, renewal.id);
      await this.requests.giveOpinion(m, renewal.id, 'FAVOURABLE');
      await this.pathways.decide(m, renewal.id, 'AUTHORISED');
      await this.backdate(m, renewal.id, renewalSubmitted, addDays(renewalSubmitted, 25));
    }
    void today;
  }

  /** Demo history: completion a few days after submission, the opinion and the decision before the period starts. */
  private async backdate(m: EntityManager, requestId: string, submitted: string, decided: string): Promise<void> {
    await m.query(
      `UPDATE psp_request SET completed_at = $2, opinion_at = $3, decided_at = $4 WHERE id = $1`,
      [requestId, new Date(`${addDays(submitted, 3)}T10:00:00Z`), new Date(`${addDays(decided, -12)}T15:00:00Z`), new Date(`${addDays(decided, -5)}T11:00:00Z`)],
    );
  }

  private async documents(
    m: EntityManager,
    request: PspRequestEntity,
    user: UserEntity,
    mode: 'all' | 'missing-attestation' | 'old-address' | 'none',
    submitted: string,
    kind: 'INITIAL' | 'RENEWAL',
  ): Promise<void> {
    if (mode === 'none') return;
    const codes =
      kind === 'RENEWAL'
        ? ['FORMULAIRE_RENOUVELLEMENT', 'BILAN_ETAPE', 'PROJET_PARCOURS_MAJ', 'AGREMENT_ASSOCIATION']
        : ['FORMULAIRE_DEMANDE', 'PROJET_PARCOURS', 'EVALUATION_ASSOCIATION', 'ATTESTATION_ARRET', 'AGREMENT_ASSOCIATION', 'ETAT_CIVIL', 'NATIONALITE', 'DOMICILE', 'SITUATION'];
    for (const code of codes) {
      if (mode === 'missing-attestation' && code === 'ATTESTATION_ARRET') continue;
      const content = demoPdf(`${request.reference} - ${code}`);
      const issueDate =
        code === 'DOMICILE' ? (mode === 'old-address' ? addMonths(submitted, -8) : addDays(submitted, -20)) : addDays(submitted, -30);
      const doc = m.create(SupportingDocumentEntity, {
        requestId: request.id,
        itemCode: code,
        docType: code === 'NATIONALITE' ? 'PASSEPORT' : null,
        issueDate,
        expiryDate: code === 'NATIONALITE' ? addMonths(submitted, 36) : null,
        filenameEnc: Buffer.alloc(0),
        contentType: 'application/pdf',
        size: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        contentEnc: null,
        keyId: this.crypto.currentKeyId,
        uploadedBy: user.id,
        uploadedAt: new Date(`${issueDate}T12:00:00Z`),
        deletedAt: null,
      });
      await m.save(doc);
      await m.update(SupportingDocumentEntity, { id: doc.id }, {
        filenameEnc: this.crypto.encryptText(`${code.toLowerCase()}.pdf`, `supporting_document:${doc.id}:filename`),
        contentEnc: this.crypto.encrypt(content, `supporting_document:${doc.id}:content`),
      });
    }
  }
}
