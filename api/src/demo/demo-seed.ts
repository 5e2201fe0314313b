import { Injectable, Logger } from '@nestjs/common';
import { NATIONAL_SCOPE, addDays, addYears, approvalEndDate, parisDate } from '@cdlp/shared';
import { AuditService } from '../core/audit/audit.service';
import { hashPassword } from '../core/auth/auth.service';
import { UserEntity } from '../core/auth/user.entity';
import { Clock } from '../core/clock/clock';
import { TenantDb } from '../core/database/tenant-db';
import { AssociationEntity } from '../registry/association.entity';
import { MemberEntity } from '../registry/member.entity';
import { DEMO_DEPARTEMENTS, DEMO_PASSWORD, DemoAccount, DemoDepartement, NATIONAL_DEMO_ACCOUNTS, demoMembersOf } from './demo-data';
import { DemoPspSeeder } from './demo-psp';
import { PspRequestsService } from '../psp-requests/psp-requests.service';
import { PathwaysService } from '../pathways/pathways.service';
import { CryptoService } from '../core/crypto/crypto.service';
import { SittingsService } from '../sittings/sittings.service';
import { StrategyService } from '../strategy/strategy.service';
import { demoStrategyContent } from './demo-strategy';
import { EntityManager } from 'typeorm';

export { ALL_DEMO_ACCOUNTS, DEMO_ACCOUNTS, DEMO_PASSWORD } from './demo-data';

/**
 * Loads the demo once: the Vienne (86) and the Deux-Sèvres (79), each with its own
 * commission, accounts and dossiers, and the national accounts (TENANT-1). Running it
 * again changes nothing.
 */
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    private readonly db: TenantDb,
    private readonly clock: Clock,
    private readonly audit: AuditService,
    private readonly requests: PspRequestsService,
    private readonly pathways: PathwaysService,
    private readonly crypto: CryptoService,
    private readonly sittings: SittingsService,
    private readonly strategy: StrategyService,
  ) {}

  /**
   * `postalMembers: false` gives every member an e-mail address (the integration fixture, whose
   * counts of e-mails predate the members convened by letter); the demo itself has one (CONV-1).
   */
  async seed(opts: { postalMembers?: boolean } = {}): Promise<boolean> {
    const postalMembers = opts.postalMembers ?? true;
    // The lock makes two concurrent starts (two API instances) seed once.
    const lock = this.db.unscoped.createQueryRunner();
    try {
      await lock.query(`SELECT pg_advisory_lock(hashtext('demo_seed'))`);
      const seeded: { user_id: string }[] = await lock.query(`SELECT * FROM cdlp_account_scope($1)`, [DEMO_DEPARTEMENTS[0].accounts[0].email]);
      if (seeded.length > 0) return false;
      const passwordHash = await hashPassword(DEMO_PASSWORD);
      for (const d of DEMO_DEPARTEMENTS) {
        await this.openDepartement(d);
        await this.db.run(d.code, (m) => this.seedCore(m, d, passwordHash, postalMembers));
        // The strategy service opens its own transactions: it runs once the core data is committed.
        await this.db.run(d.code, () => this.seedStrategy(d));
      }
      await this.db.run(NATIONAL_SCOPE, async (m) => {
        for (const acc of NATIONAL_DEMO_ACCOUNTS) await this.insertAccount(m, acc, passwordHash, null, null);
      });
      this.logger.log('Demo data loaded');
      return true;
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(hashtext('demo_seed'))`).catch(() => undefined);
      await lock.release();
    }
  }

  /** A département of the national instance, with the national defaults of its configuration. */
  private async openDepartement(d: DemoDepartement): Promise<void> {
    await this.db.unscoped.query(
      `INSERT INTO departement (code, name, prefecture, mail_sender_name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (code) DO UPDATE SET mail_sender_name = EXCLUDED.mail_sender_name`,
      [d.code, d.name, d.prefecture, d.mailSenderName],
    );
    await this.db.run(d.code, async (m) => {
      const rows: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM parameter`);
      if (rows[0].n === 0) await m.query(`SELECT cdlp_seed_departement_configuration()`);
    });
  }

  /**
   * Demo sittings: a strategy sitting in three weeks (with its agenda) and a minors
   * coordination sitting next spring. No examination sitting is planned, so the
   * secretariat's dashboard proposes a written deliberation for the complete requests (PSP-4).
   */
  private async seedSittings(m: EntityManager, d: DemoDepartement, today: string): Promise<void> {
    const secretariat = await m.getRepository(UserEntity).findOneOrFail({ where: { email: d.accounts[0].email } });
    const policy = await this.sittings.createIn(m, secretariat, {
      kind: 'POLICY',
      mode: 'HYBRID',
      startsAtLocal: `${addDays(today, 21)}T14:00`,
      place: `Préfecture ${d.code === '86' ? 'de la Vienne' : 'des Deux-Sèvres'}, salle du conseil, ${d.prefecture}`,
      videoLink: `https://webconf.numerique.gouv.fr/cdlp-${d.code}`,
      title: 'Stratégie départementale 2026-2028',
    });
    for (const title of ['Présentation du diagnostic départemental', 'Projet de stratégie départementale 2026-2028', 'Bilan des parcours de sortie de l’année']) {
      await this.sittings.addPolicyItemIn(m, policy, title, 'Déléguée départementale aux droits des femmes');
    }
    const minors = await this.sittings.createIn(m, secretariat, {
      kind: 'MINORS',
      mode: 'IN_PERSON',
      startsAtLocal: `${addDays(today, 75)}T10:00`,
      place: `Hôtel du département, ${d.prefecture}`,
      title: 'Coordination de l’accompagnement des mineurs',
    });
    await this.sittings.addPolicyItemIn(m, minors, 'Protocole de signalement et de retour de fugue', 'Aide sociale à l’enfance');
  }

  /** STRAT-1: a draft strategy 2026-2028 (or starting this year) with the département's figures. */
  private async seedStrategy(d: DemoDepartement): Promise<void> {
    const secretariat = await this.db.getRepository(UserEntity).findOneOrFail({ where: { email: d.accounts[0].email } });
    const year = Number(parisDate(this.clock.now()).slice(0, 4));
    const created = await this.strategy.create(secretariat, { title: 'Stratégie départementale de lutte contre le système prostitutionnel', periodStart: year, periodEnd: year + 2 });
    await this.strategy.saveVersion(secretariat, created.id, {
      content: demoStrategyContent(created.reference, year),
      note: 'Premier projet issu du diagnostic départemental',
      baseVersion: created.currentVersion,
    });
  }

  private async insertAccount(
    m: EntityManager,
    acc: DemoAccount,
    passwordHash: string,
    memberId: string | null,
    associationId: string | null,
    names?: { firstName: string; lastName: string },
  ): Promise<void> {
    await m.insert(UserEntity, {
      email: acc.email,
      passwordHash,
      firstName: names?.firstName ?? acc.firstName,
      lastName: names?.lastName ?? acc.lastName,
      role: acc.role,
      memberId,
      associationId,
      active: true,
      failedLoginCount: 0,
      lockedUntil: null,
      lastLoginAt: null,
      passwordChangedAt: this.clock.now(),
    });
  }

  private async seedCore(m: EntityManager, d: DemoDepartement, passwordHash: string, postalMembers: boolean): Promise<void> {
    const today = parisDate(this.clock.now());
    const termStart = addYears(today, -1);
    const termEnd = addDays(addYears(termStart, 3), -1);
    const members = demoMembersOf(d);
    const memberIds = new Map<string, string>();
    for (const dm of members.filter((x) => x.seat === 'TITULAIRE').concat(members.filter((x) => x.seat === 'SUPPLEANT'))) {
      const member = m.create(MemberEntity, {
        departementCode: d.code,
        civility: dm.civility,
        firstName: dm.firstName,
        lastName: dm.lastName,
        categoryCode: dm.categoryCode,
        organisation: dm.organisation,
        function: dm.function,
        email: postalMembers && dm.postalAddress ? null : `${dm.key}${d.emailSuffix}@demo.cdlp.fr`,
        postalAddress: dm.postalAddress ?? null,
        phone: null,
        appointingOrderRef: `Arrêté préfectoral n° ${d.code}-2025-CDLP-001`,
        termStart,
        termEnd,
        votingRight: dm.votingRight ?? true,
        seat: dm.seat,
        appointmentKind: dm.appointmentKind,
        titulaireId: dm.titulaireKey ? (memberIds.get(dm.titulaireKey) ?? null) : null,
        excludedFromPsp: dm.excludedFromPsp ?? false,
        endedAt: null,
        endReason: null,
      });
      await m.save(member);
      memberIds.set(dm.key, member.id);
    }
    const associationIds = new Map<string, string>();
    for (const da of d.associations) {
      const start = addDays(today, da.approvalStartOffsetDays);
      const a = m.create(AssociationEntity, {
        name: da.name,
        email: da.email,
        phone: null,
        address: null,
        approvalOrderRef: da.approvalOrderRef,
        approvalStart: start,
        approvalEnd: approvalEndDate(start),
        departementCodes: da.departementCodes,
        endedAt: null,
        endReason: null,
      });
      await m.save(a);
      associationIds.set(da.key, a.id);
    }
    for (const acc of d.accounts) {
      const member = acc.memberKey ? members.find((x) => x.key === acc.memberKey) : undefined;
      await this.insertAccount(
        m,
        acc,
        passwordHash,
        acc.memberKey ? (memberIds.get(acc.memberKey) ?? null) : null,
        acc.associationKey ? (associationIds.get(acc.associationKey) ?? null) : null,
        member,
      );
    }
    // COMP-4: the members who represent an approved association.
    await m.update(MemberEntity, { id: memberIds.get('asso1') as string }, { associationId: associationIds.get('passerelles') as string });
    await m.update(MemberEntity, { id: memberIds.get('asso2') as string }, { associationId: associationIds.get('cidff') as string });
    const associationUser = await m
      .getRepository(UserEntity)
      .findOneOrFail({ where: { email: d.accounts.find((a) => a.role === 'ASSOCIATION')!.email } });
    await new DemoPspSeeder(this.requests, this.pathways, this.crypto).seed(
      m,
      associationUser,
      associationIds.get('passerelles') as string,
      this.clock.now(),
      d.code === '86' ? 'full' : 'small',
    );
    await this.seedSittings(m, d, today);
    await this.audit.record(m, {
      action: 'demo.seeded',
      entityType: 'demo',
      actor: null,
      details: { departement: d.code, members: members.length, associations: d.associations.length, accounts: d.accounts.length },
    });
  }
}
