import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { EntityManager } from 'typeorm';
import {
  ACTION_STATUS_LABELS,
  PRIORITY_LABELS,
  STRATEGY_STATE_LABELS,
  StrategyActionDto,
  actionCounts,
  formatDateFr,
  parisDate,
} from '@cdlp/shared';
import { StrategyContentDto } from '@cdlp/shared/dto';
import {
  StrategyPdfAction,
  renderFollowUpPdf,
  renderStrategyPdf,
  renderXlsx,
  SignatureStamp,
} from '@cdlp/templates';
import { Clock } from '../core/clock/clock';
import { DepartementEntity } from '../registry/departement.entity';
import { AgendaItemEntity } from '../sittings/agenda-item.entity';
import { SittingEntity } from '../sittings/sitting.entity';
import { StrategyEntity } from './strategy.entities';
import { TenantDb } from '../core/database/tenant-db';
import { StrategyFollowUpService } from './strategy-follow-up.service';
import { StrategyStore, range } from './strategy-store';

/** STRAT-1: the documents of a strategy: the PDF (signed by SIG-1 once adopted), the yearly report and the spreadsheets. */
@Injectable()
export class StrategyDocumentsService {
  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly store: StrategyStore,
    private readonly followUp: StrategyFollowUpService,
  ) {}

  async pdf(id: string, version?: number): Promise<Buffer> {
    const strategy = await this.store.find(this.db.manager, id);
    return this.renderPdf(
      this.db.manager,
      strategy,
      version ?? strategy.adoptedVersion ?? strategy.currentVersion,
      strategy.id,
      null,
    );
  }

  async followUpPdf(id: string, year: number): Promise<Buffer> {
    const m = this.db.manager;
    const strategy = await this.store.find(m, id);
    const f = await this.followUp.followUp(id, year);
    const content = (await this.store.version(m, id, strategy.adoptedVersion ?? strategy.currentVersion))
      .content;
    const years = range(strategy.periodStart - 1, Math.max(year, strategy.periodStart));
    const values = await this.store.valuesFor(m, id, content, years);
    const departement = await m
      .getRepository(DepartementEntity)
      .findOneOrFail({ where: { code: strategy.departementCode } });
    const reference = await this.store.reference(strategy.referenceId, m);
    return renderFollowUpPdf({
      documentId: strategy.id,
      authority: `Préfecture de la ${departement.name}`,
      title: `${strategy.title} ${strategy.periodStart}-${strategy.periodEnd}`,
      year,
      axes: reference.axes.map((a) => ({ number: a.number, title: a.title })),
      recommendations: f.recommendations,
      indicators: f.indicators.map((i) => ({
        ...i,
        history: years.map((y) => ({ year: y, value: values[i.key]?.[String(y)] ?? null })),
      })),
      lateActions: f.lateActions.map((a) => ({ ...a, deadline: formatDateFr(a.deadline) })),
      totals: f.totals,
      generatedAt: this.clock.now(),
    });
  }

  /** Spreadsheet exports of the strategy or of the yearly follow-up, for partners. */
  async xlsx(id: string, kind: 'strategy' | 'followup', year?: number): Promise<Buffer> {
    const m = this.db.manager;
    const strategy = await this.store.find(m, id);
    const version = strategy.adoptedVersion ?? strategy.currentVersion;
    const content = (await this.store.version(m, id, version)).content;
    const reference = await this.store.reference(strategy.referenceId, m);
    const recs = reference.axes.flatMap((a) => a.recommendations);
    const title = `${strategy.title} ${strategy.periodStart}-${strategy.periodEnd}`;
    const meta = { title, creator: 'Portail CDLP', created: this.clock.now() };
    if (kind === 'followup') {
      const y = year ?? Number(parisDate(this.clock.now()).slice(0, 4));
      const f = await this.followUp.followUp(id, y);
      return renderXlsx(
        [
          {
            name: `Avancement ${y}`,
            header: [
              'N°',
              'Préconisation',
              'Axe',
              'Actions',
              'Réalisées',
              'En cours',
              'Non commencées',
              'En retard',
              'Abandonnées',
            ],
            rows: f.recommendations.map((r) => [
              r.number,
              r.title,
              r.axisNumber,
              r.actions,
              r.done,
              r.inProgress,
              r.notStarted,
              r.late,
              r.dropped,
            ]),
          },
          {
            name: `Indicateurs ${y}`,
            header: [
              'Préconisation',
              'Indicateur',
              'Unité',
              `Valeur ${y}`,
              'Attendu',
              'Cible',
              'Année cible',
              'Trajectoire',
            ],
            rows: f.indicators.map((i) => [
              i.recommendationNumber,
              i.name,
              i.unit,
              i.value,
              i.expected,
              i.target,
              i.targetYear,
              i.offTrack === null ? 'non évaluable' : i.offTrack ? 'hors trajectoire' : 'conforme',
            ]),
          },
          {
            name: 'Actions en retard',
            header: ['Préconisation', 'Action', 'Échéance', 'Pilote'],
            rows: f.lateActions.map((a) => [a.recommendationNumber, a.title, a.deadline, a.lead]),
          },
        ],
        { ...meta, title: `Bilan ${y} — ${title}` },
      );
    }
    const status = await this.store.statusOf(m, id, Number(parisDate(this.clock.now()).slice(0, 4)), content);
    const actionRow = (a: StrategyActionDto, rec: number | null) => [
      rec,
      a.title,
      a.description ?? '',
      a.lead?.name ?? '',
      (a.partners ?? []).map((p) => p.name).join(', '),
      a.startDate ?? '',
      a.deadline ?? '',
      a.budget ?? null,
      a.fundingSource ?? '',
      ACTION_STATUS_LABELS[status(a)],
    ];
    const years = range(strategy.periodStart - 1, strategy.periodEnd);
    const values = await this.store.valuesFor(m, id, content, years);
    return renderXlsx(
      [
        {
          name: 'Préconisations',
          header: ['N°', 'Axe', 'Préconisation', 'Priorité', 'Constats locaux', 'Actions'],
          rows: recs.map((r) => {
            const p = content.recommendations.find((x) => x.recommendationNumber === r.number);
            return [
              r.number,
              r.axisNumber,
              r.title,
              p?.priority ? PRIORITY_LABELS[p.priority] : '',
              p?.findings ?? '',
              p?.actions.length ?? 0,
            ];
          }),
        },
        {
          name: 'Actions',
          header: [
            'Préconisation',
            'Action',
            'Description',
            'Pilote',
            'Partenaires',
            'Début',
            'Échéance',
            'Budget (€)',
            'Financement',
            'Statut',
          ],
          rows: [
            ...content.recommendations.flatMap((p) =>
              p.actions.map((a) => actionRow(a, p.recommendationNumber)),
            ),
            ...content.localActions.map((a) => actionRow(a, null)),
          ],
        },
        {
          name: 'Indicateurs',
          header: [
            'Préconisation',
            'Indicateur',
            'Unité',
            'Référence',
            'Année réf.',
            'Cible',
            'Année cible',
            ...years.map(String),
          ],
          rows: content.recommendations.flatMap((p) =>
            p.indicators.map((i) => [
              p.recommendationNumber,
              i.name,
              i.unit,
              i.baselineValue ?? null,
              i.baselineYear ?? null,
              i.targetValue ?? null,
              i.targetYear ?? null,
              ...years.map((y) => values[i.key]?.[String(y)] ?? null),
            ]),
          ),
        },
        {
          name: 'Chiffres clés',
          header: ['Chiffre', 'Valeur', 'Unité', 'Source', 'Année'],
          rows: content.figures.map((f) => [f.label, f.value, f.unit ?? '', f.source, f.year]),
        },
      ],
      meta,
    );
  }

  async renderPdf(
    m: EntityManager,
    s: StrategyEntity,
    versionNumber: number,
    documentId: string,
    stamp: SignatureStamp | null,
  ): Promise<Buffer> {
    const version = await this.store.version(m, s.id, versionNumber);
    const content = plainToInstance(StrategyContentDto, version.content);
    const reference = await this.store.reference(s.referenceId, m);
    const departement = await m
      .getRepository(DepartementEntity)
      .findOneOrFail({ where: { code: s.departementCode } });
    const thisYear = Number(parisDate(this.clock.now()).slice(0, 4));
    const status = await this.store.statusOf(m, s.id, thisYear, content);
    const years = range(s.periodStart - 1, s.periodEnd);
    const values = await this.store.valuesFor(m, s.id, content, years);
    const national = new Map(
      reference.nationalAxes.map((n) => [n.number, `${n.number}. ${n.title}`] as const),
    );
    let adoptionLabel: string | null = null;
    if (s.adoptedVersion && s.agendaItemId) {
      const item = await m.getRepository(AgendaItemEntity).findOne({ where: { id: s.agendaItemId } });
      const sitting = item
        ? await m.getRepository(SittingEntity).findOne({ where: { id: item.sittingId } })
        : null;
      if (sitting && item?.voteClosedAt)
        adoptionLabel = `adoptée lors de la séance n° ${sitting.number} du ${formatDateFr(parisDate(item.voteClosedAt))}`;
    }
    const actionOf = (a: StrategyActionDto, rec: number | null): StrategyPdfAction => ({
      title: a.title,
      description: a.description ?? null,
      lead: a.lead?.name ?? null,
      partners: (a.partners ?? []).map((p) => p.name),
      startDate: a.startDate ? formatDateFr(a.startDate) : null,
      deadline: a.deadline ? formatDateFr(a.deadline) : null,
      budget: a.budget ?? null,
      fundingSource: a.fundingSource ?? null,
      statusLabel: ACTION_STATUS_LABELS[status(a)],
      recommendationNumber: rec,
    });
    return renderStrategyPdf({
      documentId,
      version: versionNumber,
      authority: `Préfecture de la ${departement.name}`,
      departementLabel: `${departement.name} (${departement.code})`,
      title: s.title,
      period: `${s.periodStart}-${s.periodEnd}`,
      stateLabel: STRATEGY_STATE_LABELS[stamp ? 'SIGNED' : s.state],
      adoptionLabel,
      introduction: content.introduction ?? null,
      diagnosticText: content.diagnosticText ?? null,
      figures: content.figures.map((f) => ({
        label: f.label,
        value: f.value,
        unit: f.unit ?? null,
        source: f.source,
        year: f.year,
      })),
      axes: reference.axes.map((axis) => ({
        number: axis.number,
        title: axis.title,
        recommendations: axis.recommendations.map((r) => {
          const plan = content.recommendations.find((p) => p.recommendationNumber === r.number);
          const acts = plan?.actions ?? [];
          const counts = actionCounts(acts, (a) => status(a), parisDate(this.clock.now()));
          return {
            number: r.number,
            title: r.title,
            levers: r.levers,
            nationalAxis: national.get(r.nationalAxisNumber) ?? '',
            findings: plan?.findings || null,
            priorityLabel: plan?.priority ? PRIORITY_LABELS[plan.priority] : null,
            statusLabel:
              acts.length === 0
                ? 'Sans action'
                : counts.done === acts.length
                  ? 'Réalisée'
                  : counts.late > 0
                    ? `${counts.late} action(s) en retard`
                    : counts.done + counts.inProgress > 0
                      ? 'En cours'
                      : 'Non commencée',
            actions: acts.map((a) => actionOf(a, r.number)),
            indicators: (plan?.indicators ?? []).map((i) => ({
              name: i.name,
              unit: i.unit,
              baseline:
                i.baselineValue != null ? `${i.baselineValue} ${i.unit} (${i.baselineYear ?? '—'})` : null,
              target: i.targetValue != null ? `${i.targetValue} ${i.unit} (${i.targetYear ?? '—'})` : null,
              targetValue: i.targetValue ?? null,
              values: years.map((y) => ({
                year: y,
                value:
                  y === i.baselineYear && i.baselineValue != null
                    ? (values[i.key]?.[String(y)] ?? i.baselineValue)
                    : (values[i.key]?.[String(y)] ?? null),
              })),
            })),
          };
        }),
      })),
      localActions: content.localActions.map((a) => actionOf(a, null)),
      stamp,
      generatedAt: this.clock.now(),
    });
  }
}
