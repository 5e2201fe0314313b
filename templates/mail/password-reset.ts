import { RenderedMail, renderMail } from './layout';

export function passwordResetMail(params: { resetUrl: string; validityMinutes: number }): RenderedMail {
  return renderMail('Réinitialisation de votre mot de passe', {
    paragraphs: [
      'Bonjour,',
      'Une demande de réinitialisation du mot de passe de votre compte sur le portail de la commission a été faite.',
      "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message : votre mot de passe reste inchangé.",
    ],
    action: { label: 'Choisir un nouveau mot de passe', url: params.resetUrl },
    note: `Ce lien est valable ${params.validityMinutes} minutes et ne peut servir qu'une fois.`,
  });
}

export function accountCreatedMail(params: { setPasswordUrl: string; validityMinutes: number; roleLabel: string }): RenderedMail {
  return renderMail('Votre compte sur le portail de la commission', {
    paragraphs: [
      'Bonjour,',
      `Un compte « ${params.roleLabel} » a été créé pour vous sur le portail de la commission départementale.`,
      'Pour l’activer, choisissez votre mot de passe.',
    ],
    action: { label: 'Choisir mon mot de passe', url: params.setPasswordUrl },
    note: `Ce lien est valable ${params.validityMinutes} minutes et ne peut servir qu'une fois.`,
  });
}
