import { randomUUID } from 'node:crypto';
import { DEMO_DEPARTEMENTS } from '../../src/demo/demo-data';
import { createSelfSignedP12 } from '../../src/core/signing/p12';
import { freeDepartementCodes } from '../national-fixtures';

/** Valid bodies for the requests of the route table, each new where the route creates something. */

export const uniqueEmail = () => `matrix-${randomUUID().slice(0, 8)}@example.fr`;

export const memberBody = () => ({
  civility: 'MME',
  firstName: 'Test',
  lastName: 'Matrice',
  categoryCode: 'ETAT_SANTE',
  organisation: 'ARS',
  function: 'Chargée de mission',
  email: uniqueEmail(),
  appointingOrderRef: 'Arrêté test',
  termStart: '2026-01-01',
  votingRight: true,
  seat: 'TITULAIRE',
  appointmentKind: 'EX_OFFICIO',
});

let sittingDay = 0;
/** A policy sitting in the future, each on its own day. */
export const policySitting = () => {
  sittingDay += 1;
  const d = new Date(Date.UTC(2027, 2, 1 + (sittingDay % 28), 12));
  return {
    kind: 'POLICY',
    mode: 'IN_PERSON',
    startsAtLocal: `${d.toISOString().slice(0, 10)}T14:00`,
    place: 'Préfecture',
  };
};

export const associationBody = () => ({
  name: `Association ${randomUUID().slice(0, 6)}`,
  email: uniqueEmail(),
  approvalOrderRef: 'Arrêté agrément test',
  approvalStart: '2026-01-01',
  departementCodes: ['86'],
});

/** Département codes that no demo uses, one per département opened by the table's requests. */
const FREE_CODES = freeDepartementCodes();
let openedCodes = 0;

export const openDepartementBody = () => {
  // The matrix and the TENANT-1 suite run in separate databases: each starts from the end
  // of the list so that national.int-spec's codes (from the start) never collide.
  const code = FREE_CODES[FREE_CODES.length - 1 - openedCodes++];
  return {
    code,
    name: `Département ${code}`,
    prefecture: 'Chef-lieu',
    mailSenderName: `CDLP ${code}`,
    secretariatEmail: uniqueEmail(),
    secretariatFirstName: 'Première',
    secretariatLastName: 'Secrétaire',
  };
};

export const demoDepartementOf = (code: string) => {
  const d = DEMO_DEPARTEMENTS.find((x) => x.code === code)!;
  return { name: d.name, prefecture: d.prefecture, mailSenderName: d.mailSenderName };
};

/** SIG-1: a valid signing certificate to upload (PKCS#12 and its password). */
export const certificateForm = (subject = 'Prefet de test') => {
  const { p12, password } = createSelfSignedP12({ attributes: [{ name: 'commonName', value: subject }, { name: 'countryName', value: 'FR' }] });
  const form = new FormData();
  form.append('password', password);
  form.append('file', new Blob([p12], { type: 'application/x-pkcs12' }), 'certificat.p12');
  return form;
};
