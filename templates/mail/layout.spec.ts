import { SERVICE_NAME, escapeHtml, renderMail } from './layout';
import { accountCreatedMail, passwordResetMail } from './password-reset';

describe('escapeHtml', () => {
  it('escapes the five HTML special characters', () => {
    expect(escapeHtml(`<a href="x">'Tom' & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;Tom&#39; &amp; Jerry&lt;/a&gt;',
    );
  });

  it('escapes the ampersand first (no double escaping of entities it produces)', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('renderMail', () => {
  const url = 'https://cdlp.example.fr/reinitialiser?token=a<b>&x="y"';
  const mail = renderMail('Objet <important> & "urgent"', {
    paragraphs: ['Bonjour <script>alert(1)</script>,', "L'association « Horizons & Cie »"],
    action: { label: 'Ouvrir <ici>', url },
    note: 'Valable 60 minutes <seulement>.',
  });

  it('keeps the subject as given', () => {
    expect(mail.subject).toBe('Objet <important> & "urgent"');
  });

  it('escapes the subject, the paragraphs, the action and the note in the HTML', () => {
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<important>');
    expect(mail.html).not.toContain('<seulement>');
    expect(mail.html).not.toContain('<ici>');
    expect(mail.html).toContain('<title>Objet &lt;important&gt; &amp; &quot;urgent&quot;</title>');
    expect(mail.html).toContain('Bonjour &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(mail.html).toContain('L&#39;association « Horizons &amp; Cie »');
    expect(mail.html).toContain('Ouvrir &lt;ici&gt;</a>');
    expect(mail.html).toContain('Valable 60 minutes &lt;seulement&gt;.');
  });

  it('escapes the link inside the href attribute so that it cannot break out of it', () => {
    expect(mail.html).toContain('href="https://cdlp.example.fr/reinitialiser?token=a&lt;b&gt;&amp;x=&quot;y&quot;"');
  });

  it('is a French HTML document with the service name', () => {
    expect(mail.html).toMatch(/^<!doctype html>\n<html lang="fr">/);
    expect(mail.html).toContain(escapeHtml(SERVICE_NAME));
  });

  it('has a plain-text twin with the unescaped texts and the raw link', () => {
    expect(mail.text).toContain(SERVICE_NAME.toUpperCase());
    expect(mail.text).toContain('Objet <important> & "urgent"');
    expect(mail.text).toContain('Bonjour <script>alert(1)</script>,');
    expect(mail.text).toContain(`Ouvrir <ici> : ${url}`);
    expect(mail.text).toContain('Valable 60 minutes <seulement>.');
    expect(mail.text).not.toContain('&amp;');
    expect(mail.text).not.toMatch(/<(p|a|table|html)[ >]/);
  });

  it('renders without action nor note', () => {
    const m = renderMail('Information', { paragraphs: ['Texte.'] });
    expect(m.html).not.toContain('<a ');
    expect(m.text).toContain('Texte.');
    expect(m.text).not.toContain(' : http');
  });
});

describe('passwordResetMail', () => {
  const resetUrl = 'https://cdlp.example.fr/reinitialiser-mot-de-passe?token=abc_DEF-123';
  const mail = passwordResetMail({ resetUrl, validityMinutes: 60 });

  it('has a French subject', () => {
    expect(mail.subject).toBe('Réinitialisation de votre mot de passe');
  });

  it('carries the link in both the HTML and the text parts, and the validity delay', () => {
    expect(mail.html).toContain(`href="${resetUrl}"`);
    expect(mail.text).toContain(`Choisir un nouveau mot de passe : ${resetUrl}`);
    expect(mail.text).toContain('Ce lien est valable 60 minutes');
    expect(mail.html).toContain('Ce lien est valable 60 minutes');
  });
});

describe('accountCreatedMail', () => {
  it('names the role and carries the activation link in both parts', () => {
    const setPasswordUrl = 'https://cdlp.example.fr/reinitialiser-mot-de-passe?token=xyz';
    const mail = accountCreatedMail({ setPasswordUrl, validityMinutes: 60, roleLabel: 'Secrétariat (DDFE)' });
    expect(mail.subject).toBe('Votre compte sur le portail de la commission');
    expect(mail.text).toContain('Un compte « Secrétariat (DDFE) » a été créé');
    expect(mail.text).toContain(setPasswordUrl);
    expect(mail.html).toContain(`href="${setPasswordUrl}"`);
  });
});
