// @cdlp/shared/dto: the class-validator classes of the request bodies, for the api only (lint refuses
// this entry in web/). Each class implements the interface of the same name in @cdlp/shared.
export * from './auth.dto';
export * from './registry.dto';
export * from './psp.dto';
export * from './sittings.dto';
export * from './deliberation.dto';
export * from './documents.dto';
export * from './national.dto';
export * from './strategy.dto';
export * from './parameters.dto';
export * from './psp-checklist.dto';
export * from './convocation-letters.dto';
