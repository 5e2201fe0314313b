import type { MinutesDto, MinutesMemberLine } from '@cdlp/shared';

/**
 * The procès-verbal of templates/pdf/minutes.ts as a flat OpenDocument text (.fodt, one XML
 * file), with the same sections, lines and styles (headings, bold result lines, indented
 * details, small print), for the LibreOffice side of the minutes benchmark. LibreOffice has
 * no Marianne here; it uses its default sans-serif.
 */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function minutesFodt(dto: MinutesDto, signature: { signerName: string; signerQuality: string; signedAtLabel: string }): string {
  const body: string[] = [];
  const h = (text: string, level: 1 | 2 | 3) => body.push(`<text:h text:style-name="H${level}" text:outline-level="${level}">${esc(text)}</text:h>`);
  const p = (text: string, style: 'P' | 'B' | 'I' | 'IB' | 'S' | 'G' = 'P') => body.push(`<text:p text:style-name="${style}">${esc(text)}</text:p>`);
  const label = (l: string, v: string) => body.push(`<text:p text:style-name="P"><text:span text:style-name="Bold">${esc(l)} : </text:span>${esc(v)}</text:p>`);

  h(dto.heading.commission, 3);
  h(`Procès-verbal de la séance n° ${dto.sittingNumber}`, 1);
  label('Objet', dto.heading.kindLabel);
  label('Date', dto.heading.dateLabel);
  label('Modalité', dto.heading.modeLabel);
  if (dto.heading.place) label('Lieu', dto.heading.place);
  label('Présidence (COMP-1)', dto.chair ?? 'non désignée');
  if (dto.version > 1) label('Version', `${dto.version} (remplace la version ${dto.version - 1})`);

  h('Membres', 2);
  const list = (title: string, lines: MinutesMemberLine[]) => {
    p(`${title} (${lines.length})`, 'B');
    if (lines.length === 0) p('Aucun.', 'G');
    for (const l of lines) p(`• ${l.name}, ${l.quality}${l.detail ? ` — ${l.detail}` : ''}`, 'I');
  };
  list('Présents', dto.present);
  list('Présents à distance (audio ou visioconférence)', dto.remote);
  list('Suppléants siégeant pour un titulaire (MEMB-1)', dto.substitutes);
  list('Représentés par mandat (MAND-1)', dto.represented);
  list('Excusés', dto.excused);

  h('Quorum et convocation', 2);
  p(dto.quorumText);
  if (dto.secondConvocationText) p(dto.secondConvocationText, 'B');
  p(dto.convocationText);
  if (dto.urgencyReason) p(`Motif de l'urgence (CONV-2) : ${dto.urgencyReason}`);
  if (dto.introduction) {
    h('Introduction', 2);
    p(dto.introduction);
  }

  h('Questions examinées', 2);
  for (const item of dto.items) {
    p(`${item.position}. ${item.title}`, 'B');
    if (item.reference && item.associationName)
      p(`Dossier présenté par ${item.associationName}${item.associationOpinion ? `, dont l'avis est ${item.associationOpinion}` : ''} (COMP-4).`, 'I');
    if (item.recusals.length > 0) p(`Conflits d'intérêts (COI-1) : ${item.recusals.join(' ; ')} — ont quitté la délibération et n'ont pas pris part au vote.`, 'I');
    if (item.summary) p(`Synthèse : ${item.summary}`, 'I');
    if (item.discussionNotes) p(`Débats : ${item.discussionNotes}`, 'I');
    if (item.resultText) p(`Délibération (VOTE-1) : ${item.resultText}`, 'IB');
    for (const d of item.dissents) p(`Position divergente consignée à sa demande (PV-1) : ${d}`, 'I');
  }

  h('Validité de la délibération', 2);
  for (const v of dto.validity) {
    p(`${v.ok ? 'Conforme' : 'NON CONFORME'} — ${v.text}`);
    if (v.justification) p(`Justification du secrétariat : ${v.justification}`, 'I');
  }
  p('Les demandes de parcours de sortie sont désignées par leur référence pseudonyme (DP-2). Le présent procès-verbal est adressé à tous les membres de la commission.', 'S');
  p(`Signé électroniquement par ${signature.signerName}, ${signature.signerQuality}, le ${signature.signedAtLabel} (SIG-1).`, 'B');

  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:meta><dc:title>${esc(`Procès-verbal de la séance n° ${dto.sittingNumber}`)}</dc:title><dc:language>fr-FR</dc:language></office:meta>
<office:styles>
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.12cm"/><style:text-properties style:font-name="Liberation Sans" fo:font-family="'Liberation Sans'" fo:font-size="10pt" fo:language="fr" fo:country="FR"/></style:default-style>
<style:style style:name="P" style:family="paragraph"/>
<style:style style:name="B" style:family="paragraph"><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="I" style:family="paragraph"><style:paragraph-properties fo:margin-left="0.42cm"/></style:style>
<style:style style:name="IB" style:family="paragraph"><style:paragraph-properties fo:margin-left="0.42cm"/><style:text-properties fo:font-weight="bold"/></style:style>
<style:style style:name="G" style:family="paragraph"><style:paragraph-properties fo:margin-left="0.42cm"/><style:text-properties fo:color="#666666"/></style:style>
<style:style style:name="S" style:family="paragraph"><style:text-properties fo:font-size="8pt" fo:color="#666666"/></style:style>
<style:style style:name="H1" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.2cm"/><style:text-properties fo:font-size="18pt" fo:font-weight="bold" fo:color="#000091"/></style:style>
<style:style style:name="H2" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.4cm" fo:margin-bottom="0.15cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="13pt" fo:font-weight="bold" fo:color="#000091"/></style:style>
<style:style style:name="H3" style:family="paragraph"><style:text-properties fo:font-size="12pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Bold" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
</office:styles>
<office:automatic-styles><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text>
${body.join('\n')}
</office:text></office:body></office:document>
`;
}
