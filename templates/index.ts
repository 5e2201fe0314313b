export * from './mail/layout';
export * from './mail/password-reset';
export * from './mail/psp';
