import { RenderedMail, renderMail } from './layout';

/** Sent when an administrator invites an account to ProConnect (the State agents' login). */
export function proConnectInvitationMail(params: { loginUrl: string; email: string }): RenderedMail {
  return renderMail('Connexion avec ProConnect au portail de la commission', {
    paragraphs: [
      'Bonjour,',
      'Vous pouvez désormais vous connecter au portail de la commission départementale avec ProConnect, l’identité numérique des agents publics.',
      `Sur la page de connexion, choisissez « S’identifier avec ProConnect » et connectez-vous avec votre compte professionnel dont l’adresse est ${params.email}. Votre première connexion reliera ce compte ProConnect à votre compte du portail.`,
      'Votre mot de passe du portail reste utilisable.',
    ],
    action: { label: 'Aller à la page de connexion', url: params.loginUrl },
    note: 'Si vous n’êtes pas un agent de l’État ou si vous ne vous attendiez pas à ce message, prévenez le secrétariat de la commission.',
  });
}
