/* The test data of the web unit tests, by area. */
export * from './fixtures/psp';
export * from './fixtures/registry';
export * from './fixtures/sittings';
export * from './fixtures/national';
