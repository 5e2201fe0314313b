/** Helpers of the departmental strategy suites (STRAT-1, MEET-1, VOTE-1, SIG-1). */
export * from './reference';
export * from './content';
export * from './files';
export * from './suites';
