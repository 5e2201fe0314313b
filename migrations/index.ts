import { Foundation1763800000000 } from './1763800000000-foundation';
import { PspRequests1763900000000 } from './1763900000000-psp-requests';
import { Sittings1764000000000 } from './1764000000000-sittings';
import { Deliberation1764100000000 } from './1764100000000-deliberation';
import { MinutesDecisions1764200000000 } from './1764200000000-minutes-decisions';
import { Strategy1764300000000 } from './1764300000000-strategy';
import { NationalInstance1765000000000 } from './1765000000000-national-instance';
import { ProConnect1765200000000 } from './1765200000000-proconnect';
import { LoginThrottle1765300000000 } from './1765300000000-login-throttle';
import { NationalAdministration1765450000000 } from './1765450000000-national-administration';
import { ReadPath1765600000000 } from './1765600000000-read-path';
import { MemberWithoutEmail1765730000000 } from './1765730000000-member-without-email';

/** Where TypeORM records the migrations applied (the api's data source, the tests' template). */
export const MIGRATIONS_TABLE = 'schema_migration';

/** Every migration, in order. The data source of the api (and of the CLI) loads this list. */
export const MIGRATIONS = [
  Foundation1763800000000,
  PspRequests1763900000000,
  Sittings1764000000000,
  Deliberation1764100000000,
  MinutesDecisions1764200000000,
  Strategy1764300000000,
  NationalInstance1765000000000,
  ProConnect1765200000000,
  LoginThrottle1765300000000,
  NationalAdministration1765450000000,
  ReadPath1765600000000,
  MemberWithoutEmail1765730000000,
];

/** The aggregates of the national statistics, also run per scope by tests and benchmarks. */
export { nationalStatisticsQuery } from './1765450000000-national-administration';
