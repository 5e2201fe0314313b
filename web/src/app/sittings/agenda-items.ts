import { PSP_REQUEST_KIND_LABELS, type AgendaItemDto, type SittingDto } from '@cdlp/shared';

/** The new order of the agenda after moving one item from `from` to `to` (indexes). */
export function moveItem<T>(items: readonly T[], from: number, to: number): T[] {
  const out = [...items];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length || from === to) return out;
  const [moved] = out.splice(from, 1);
  out.splice(to, 0, moved);
  return out;
}

export function itemHeading(item: AgendaItemDto): string {
  if (item.kind === 'PSP_REQUEST') {
    const kind = item.requestKind ? PSP_REQUEST_KIND_LABELS[item.requestKind].toLowerCase() : 'demande';
    return `Dossier ${item.reference ?? item.title} (${kind})`;
  }
  return item.title;
}

/** The items still on the agenda (not withdrawn), in their order. */
export function liveItems(sitting: Pick<SittingDto, 'agenda'>): AgendaItemDto[] {
  return sitting.agenda.filter((i) => !i.removed).sort((a, b) => a.position - b.position);
}
