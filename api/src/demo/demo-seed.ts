import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { addDays, addYears, approvalEndDate, parisDate } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { hashPassword } from '../core/auth/auth.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { APP_CONFIG, AppConfig } from '../core/config/config';
import { AssociationEntity } from '../registry/association.entity';
import { MemberEntity } from '../registry/member.entity';
import { DEMO_ACCOUNTS, DEMO_ASSOCIATIONS, DEMO_MEMBERS, DEMO_PASSWORD } from './demo-data';
import { DemoPspSeeder } from './demo-psp';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { PathwaysService } from '../pathways/pathways.service';
import { CryptoService } from '../core/crypto/crypto.service';
import { SittingsService } from '../sittings/sittings.service';
import { StrategyService } from '../strategy/strategy.service';
import { demoStrategyContent } from './demo-strategy';
import { EntityManager } from 'typeorm';

export { DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-data';

/** Loads the Vienne demo once. Running it again changes nothing. */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly requests: PspRequestsService,
    private readonly pathways: PathwaysService,
    private readonly crypto: CryptoService,
    private readonly sittings: SittingsService,
    private readonly strategy: StrategyService,
  ) {}

  /**
   * Demo sittings: a strategy sitting in three weeks (with its agenda) and a minors
   * coordination sitting next spring. No examination sitting is planned, so the
   * secretariat's dashboard proposes a written deliberation for the complete requests (PSP-4).
   */
  private async seedSittings(m: EntityManager, today: string): Promise<void> {
    const secretariat = await m.getRepository(UserEntity).findOneOrFail({ where: { email: DEMO_ACCOUNTS[0].email } });
    const policy = await this.sittings.createIn(m, secretariat, {
      kind: 'POLICY',
      mode: 'HYBRID',
      startsAtLocal: `${addDays(today, 21)}T14:00`,
      place: 'Préfecture de la Vienne, salle du conseil, Poitiers',
      videoLink: 'https://webconf.numerique.gouv.fr/cdlp-86',
      title: 'Stratégie départementale 2026-2028',
    });
    for (const title of ['Présentation du diagnostic départemental', 'Projet de stratégie départementale 2026-2028', 'Bilan des parcours de sortie de l’année']) {
      await this.sittings.addPolicyItemIn(m, policy, title, 'Déléguée départementale aux droits des femmes');
    }
    const minors = await this.sittings.createIn(m, secretariat, {
      kind: 'MINORS',
      mode: 'IN_PERSON',
      startsAtLocal: `${addDays(today, 75)}T10:00`,
      place: 'Hôtel du département, Poitiers',
      title: 'Coordination de l’accompagnement des mineurs',
    });
    await this.sittings.addPolicyItemIn(m, minors, 'Protocole de signalement et de retour de fugue', 'Aide sociale à l’enfance');
  }

  async seed(): Promise<boolean> {
    const seeded = await this.seedCore();
    // The strategy service opens its own transactions: it runs once the core data is committed.
    if (seeded) await this.seedStrategy();
    return seeded;
  }

  /** STRAT-1: a draft strategy 2026-2028 (or starting this year) with the Vienne figures. */
  private async seedStrategy(): Promise<void> {
    const secretariat = await this.dataSource.getRepository(UserEntity).findOneOrFail({ where: { email: DEMO_ACCOUNTS[0].email } });
    const year = Number(parisDate(this.clock.now()).slice(0, 4));
    const created = await this.strategy.create(secretariat, { title: 'Stratégie départementale de lutte contre le système prostitutionnel', periodStart: year, periodEnd: year + 2 });
    await this.strategy.saveVersion(secretariat, created.id, {
      content: demoStrategyContent(created.reference, year),
      note: 'Premier projet issu du diagnostic départemental',
      baseVersion: created.currentVersion,
    });
  }

  private async seedCore(): Promise<boolean> {
    const today = parisDate(this.clock.now());
    const passwordHash = await hashPassword(DEMO_PASSWORD);
    return this.dataSource.transaction(async (m) => {
      // The lock makes two concurrent starts seed once.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('demo_seed'))`);
      const already = await m
        .getRepository(UserEntity)
        .createQueryBuilder('u')
        .where('lower(u.email) = lower(:e)', { e: DEMO_ACCOUNTS[0].email })
        .getCount();
      if (already > 0) return false;

      const termStart = addYears(today, -1);
      const termEnd = addDays(addYears(termStart, 3), -1);
      const memberIds = new Map<string, string>();
      for (const d of DEMO_MEMBERS.filter((x) => x.seat === 'TITULAIRE').concat(DEMO_MEMBERS.filter((x) => x.seat === 'SUPPLEANT'))) {
        const member = m.create(MemberEntity, {
          departementCode: this.config.departementCode,
          civility: d.civility,
          firstName: d.firstName,
          lastName: d.lastName,
          categoryCode: d.categoryCode,
          organisation: d.organisation,
          function: d.function,
          email: `${d.key}@demo.cdlp.fr`,
          phone: null,
          appointingOrderRef: 'Arrêté préfectoral n° 86-2025-CDLP-001',
          termStart,
          termEnd,
          votingRight: d.votingRight ?? true,
          seat: d.seat,
          appointmentKind: d.appointmentKind,
          titulaireId: d.titulaireKey ? (memberIds.get(d.titulaireKey) ?? null) : null,
          excludedFromPsp: d.excludedFromPsp ?? false,
          endedAt: null,
          endReason: null,
        });
        await m.save(member);
        memberIds.set(d.key, member.id);
      }
      const associationIds = new Map<string, string>();
      for (const d of DEMO_ASSOCIATIONS) {
        const start = addDays(today, d.approvalStartOffsetDays);
        const a = m.create(AssociationEntity, {
          name: d.name,
          email: d.email,
          phone: null,
          address: null,
          approvalOrderRef: d.approvalOrderRef,
          approvalStart: start,
          approvalEnd: approvalEndDate(start),
          departementCodes: d.departementCodes,
          endedAt: null,
          endReason: null,
        });
        await m.save(a);
        associationIds.set(d.key, a.id);
      }
      for (const acc of DEMO_ACCOUNTS) {
        await m.insert(UserEntity, {
          email: acc.email,
          passwordHash,
          firstName: acc.firstName,
          lastName: acc.lastName,
          role: acc.role,
          departementCode: this.config.departementCode,
          memberId: acc.memberKey ? (memberIds.get(acc.memberKey) ?? null) : null,
          associationId: acc.associationKey ? (associationIds.get(acc.associationKey) ?? null) : null,
          active: true,
          failedLoginCount: 0,
          lockedUntil: null,
          lastLoginAt: null,
          passwordChangedAt: this.clock.now(),
        });
      }
      // COMP-4: the members who represent an approved association.
      await m.update(MemberEntity, { id: memberIds.get('asso1') as string }, { associationId: associationIds.get('passerelles') as string });
      await m.update(MemberEntity, { id: memberIds.get('asso2') as string }, { associationId: associationIds.get('cidff') as string });
      const associationUser = await m
        .getRepository(UserEntity)
        .findOneOrFail({ where: { email: DEMO_ACCOUNTS.find((a) => a.role === 'ASSOCIATION')!.email } });
      await new DemoPspSeeder(this.requests, this.pathways, this.crypto).seed(
        m,
        associationUser,
        associationIds.get('passerelles') as string,
        this.clock.now(),
      );
      await this.seedSittings(m, today);
      await this.audit.record(m, {
        action: 'demo.seeded',
        entityType: 'demo',
        actor: null,
        details: { members: DEMO_MEMBERS.length, associations: DEMO_ASSOCIATIONS.length, accounts: DEMO_ACCOUNTS.length },
      });
      this.logger.log('Demo data loaded');
      return true;
    });
  }
}
