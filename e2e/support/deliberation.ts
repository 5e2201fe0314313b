import { randomUUID } from 'node:crypto';
import type { BrowserContext } from 'playwright-core';
import type { AgendaItemDto, SittingDto } from '@cdlp/shared';
import { api } from './browser';
import { laterTodayInParis } from './paris';

/**
 * Set-up through the API of what the strategy, minutes and decision tests do not exercise in
 * the pages: a policy sitting later today (so that it can be convened in urgency and opened the
 * same day), convened, every convened member recorded present, then opened.
 */
export async function openPolicySitting(
  secretariat: BrowserContext,
  opts: { title: string; items?: string[]; beforeConvening?: (sitting: SittingDto) => Promise<void> },
): Promise<SittingDto> {
  let sitting = await api<SittingDto>(secretariat, 'POST', '/api/sittings', {
    kind: 'POLICY',
    mode: 'IN_PERSON',
    startsAtLocal: laterTodayInParis(),
    place: 'Préfecture de la Vienne, salle du conseil',
    title: opts.title,
  });
  for (const title of opts.items ?? []) {
    sitting = await api<SittingDto>(secretariat, 'POST', `/api/sittings/${sitting.id}/agenda`, { kind: 'POLICY', title });
  }
  if (opts.beforeConvening) await opts.beforeConvening(sitting);
  await conveneAndOpen(secretariat, sitting.id);
  return api<SittingDto>(secretariat, 'GET', `/api/sittings/${sitting.id}`);
}

/** CONV-2 in urgency (same day), every convened member present (QUOR-1), then the sitting opened. */
export async function conveneAndOpen(secretariat: BrowserContext, sittingId: string): Promise<SittingDto> {
  const convened = await api<SittingDto>(secretariat, 'POST', `/api/sittings/${sittingId}/convocation`, {
    urgent: true,
    urgencyReason: 'Séance de test de bout en bout, convoquée le jour même.',
  });
  for (const m of convened.members) {
    await api(secretariat, 'POST', `/api/sittings/${sittingId}/register`, { memberId: m.memberId, presence: 'PRESENT' });
  }
  const opened = await api<SittingDto>(secretariat, 'POST', `/api/sittings/${sittingId}/open`);
  if (!opened.quorum.reached) throw new Error(`No quorum: ${opened.quorum.text}`);
  return opened;
}

export function liveItems(sitting: SittingDto): AgendaItemDto[] {
  return sitting.agenda.filter((i) => !i.removed).sort((a, b) => a.position - b.position);
}

/** VOTE-1: the president opens the vote on an item, votes favourable for herself, and closes it. */
export async function favourableVote(president: BrowserContext, sittingId: string, itemId: string): Promise<void> {
  const item = `/api/sittings/${sittingId}/items/${itemId}`;
  await api(president, 'POST', `${item}/vote/open`);
  await api(president, 'POST', `${item}/ballots`, { choice: 'FAVOURABLE', capacity: 'OWN', clientKey: randomUUID() });
  await api(president, 'POST', `${item}/vote/close`);
}

/** A policy sitting with one item voted favourably, then closed: ready for its minutes (PV-1). */
export async function closedPolicySitting(
  secretariat: BrowserContext,
  president: BrowserContext,
  title: string,
  itemTitle: string,
): Promise<{ sitting: SittingDto; itemId: string }> {
  const sitting = await openPolicySitting(secretariat, { title, items: [itemTitle] });
  const [item] = liveItems(sitting);
  await favourableVote(president, sitting.id, item.id);
  const closed = await api<SittingDto>(secretariat, 'POST', `/api/sittings/${sitting.id}/close`);
  return { sitting: closed, itemId: item.id };
}
