import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ProgressComponent, progressPercent } from './progress.component';

@Component({
  imports: [ProgressComponent],
  template: `<cdlp-progress label="Envoi des convocations" [value]="value()" [max]="max()" [text]="text()" />`,
})
class HostComponent {
  readonly value = signal<number | null>(12);
  readonly max = signal(40);
  readonly text = signal('12 envoyées sur 40');
}

describe('ProgressComponent', () => {
  it('shows a labelled progress with its live text, and its percentage', async () => {
    const fixture = TestBed.createComponent(HostComponent);
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    const bar = el.querySelector('progress') as HTMLProgressElement;
    const label = el.querySelector('p') as HTMLElement;
    expect(label.textContent).toContain('Envoi des convocations');
    expect(bar.getAttribute('aria-labelledby')).toBe(label.id);
    expect(bar.getAttribute('value')).toBe('12');
    expect(bar.getAttribute('max')).toBe('40');
    expect(bar.textContent?.trim()).toBe('30 %');
    const live = el.querySelector('[aria-live=polite]') as HTMLElement;
    expect(live.getAttribute('role')).toBe('status');
    expect(live.textContent).toBe('12 envoyées sur 40');
    expect(bar.getAttribute('aria-describedby')).toBe(live.id);

    fixture.componentInstance.value.set(null);
    fixture.componentInstance.text.set('Opération en cours');
    await fixture.whenStable();
    // Indeterminate: no value nor max, so the browser shows an activity bar.
    expect(bar.hasAttribute('value')).toBe(false);
    expect(bar.hasAttribute('max')).toBe(false);
    expect(live.textContent).toBe('Opération en cours');
  });

  it('gives every indicator its own ids', async () => {
    const a = TestBed.createComponent(HostComponent);
    const b = TestBed.createComponent(HostComponent);
    await Promise.all([a.whenStable(), b.whenStable()]);
    const idOf = (f: typeof a) => (f.nativeElement as HTMLElement).querySelector('p')?.id;
    expect(idOf(a)).not.toBe(idOf(b));
  });

  it('computes a bounded whole percentage, none when indeterminate', () => {
    expect(progressPercent(1, 3)).toBe(33);
    expect(progressPercent(50, 40)).toBe(100);
    expect(progressPercent(-1, 40)).toBe(0);
    expect(progressPercent(null, 40)).toBeNull();
    expect(progressPercent(0, 0)).toBeNull();
  });
});
