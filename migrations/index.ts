import { Foundation1763800000000 } from './1763800000000-foundation';
import { PspRequests1763900000000 } from './1763900000000-psp-requests';

/** Every migration, in order. The data source of the api (and of the CLI) loads this list. */
export const MIGRATIONS = [Foundation1763800000000, PspRequests1763900000000];
