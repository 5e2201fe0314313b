export * from './auth.dto';
export * from './registry.dto';
export * from './psp.dto';
export * from './sittings.dto';
export * from './deliberation.dto';
export * from './documents.dto';
export * from './national.dto';
export * from './strategy.dto';
