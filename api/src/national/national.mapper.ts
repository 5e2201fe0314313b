import { NationalDepartementDto, Role } from '@cdlp/shared';
import { DepartementEntity } from '../registry/departement.entity';

/** One row of cdlp_departement_accounts(): a count, never an account. */
export interface AccountCountRow {
  departement_code: string;
  role: Role;
  active: boolean;
  accounts: number;
}

export function toNationalDepartementDto(d: DepartementEntity, counts: AccountCountRow[]): NationalDepartementDto {
  const own = counts.filter((c) => c.departement_code === d.code);
  const byRole: Partial<Record<Role, number>> = {};
  for (const c of own) byRole[c.role] = (byRole[c.role] ?? 0) + c.accounts;
  return {
    code: d.code,
    name: d.name,
    prefecture: d.prefecture,
    active: d.active,
    mailSenderName: d.mailSenderName,
    createdAt: d.createdAt.toISOString(),
    accounts: own.reduce((s, c) => s + c.accounts, 0),
    activeAccounts: own.filter((c) => c.active).reduce((s, c) => s + c.accounts, 0),
    accountsByRole: byRole,
  };
}
