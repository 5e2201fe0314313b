/**
 * The e-mail layout: HTML with the look of the State design system (DSFR) and a
 * plain-text twin. E-mails carry pseudonymous references only (DP-2).
 */
export interface MailBlock {
  /** Plain paragraphs; they are escaped. */
  paragraphs: string[];
  action?: { label: string; url: string };
  /** A small note under the action, e.g. a validity delay. */
  note?: string;
}

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export const SERVICE_NAME = 'Commission départementale de lutte contre la prostitution';

export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export function renderMail(subject: string, block: MailBlock): RenderedMail {
  const paragraphs = block.paragraphs
    .map((p) => `<p style="margin:0 0 16px 0;font-size:16px;line-height:24px;color:#161616;">${escapeHtml(p)}</p>`)
    .join('\n');
  const action = block.action
    ? `<p style="margin:24px 0;"><a href="${escapeHtml(block.action.url)}" style="display:inline-block;background:#000091;color:#ffffff;text-decoration:none;padding:8px 16px;font-size:16px;line-height:24px;">${escapeHtml(block.action.label)}</a></p>`
    : '';
  const note = block.note
    ? `<p style="margin:0 0 16px 0;font-size:14px;line-height:20px;color:#666666;">${escapeHtml(block.note)}</p>`
    : '';
  const html = `<!doctype html>
<html lang="fr">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:0;background:#f6f6f6;font-family:Marianne,Arial,sans-serif;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f6f6f6;"><tr><td align="center" style="padding:24px 8px;">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-bottom:4px solid #000091;">
<tr><td style="padding:24px 32px 8px 32px;">
<p style="margin:0;font-weight:700;font-size:14px;line-height:18px;text-transform:uppercase;color:#161616;">République<br>française</p>
<p style="margin:8px 0 0 0;font-size:12px;color:#666666;font-style:italic;">Liberté, Égalité, Fraternité</p>
</td></tr>
<tr><td style="padding:8px 32px 0 32px;"><p style="margin:0;font-weight:700;font-size:16px;color:#000091;">${escapeHtml(SERVICE_NAME)}</p></td></tr>
<tr><td style="padding:24px 32px;">
<h1 style="margin:0 0 24px 0;font-size:22px;line-height:28px;color:#161616;">${escapeHtml(subject)}</h1>
${paragraphs}
${action}
${note}
</td></tr>
<tr><td style="padding:16px 32px;border-top:1px solid #dddddd;"><p style="margin:0;font-size:12px;line-height:16px;color:#666666;">Ce message est envoyé automatiquement par le portail de la commission. Merci de ne pas y répondre.</p></td></tr>
</table></td></tr></table>
</body></html>`;
  const textParts = [SERVICE_NAME.toUpperCase(), '', subject, '='.repeat(Math.min(subject.length, 70)), ''];
  textParts.push(...block.paragraphs.flatMap((p) => [p, '']));
  if (block.action) textParts.push(`${block.action.label} : ${block.action.url}`, '');
  if (block.note) textParts.push(block.note, '');
  textParts.push('--', 'Ce message est envoyé automatiquement par le portail de la commission. Merci de ne pas y répondre.');
  return { subject, html, text: textParts.join('\n') };
}
