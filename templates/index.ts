export * from './mail/layout';
export * from './mail/password-reset';
