export * from './mail/layout';
export * from './mail/password-reset';
export * from './mail/psp';
export * from './mail/sittings';
export * from './pdf/layout';
export * from './pdf/agenda';
export * from './ics';
