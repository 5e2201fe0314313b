import { ChangeDetectionStrategy, Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { FormControl, FormGroup, Validators } from '@angular/forms';
import { q, settle } from '../../testing/test-helpers';
import { createFormState, FORM_FIELDS, Option } from './form-fields';

/** A form using every field kind, its context (API errors, submitted) and a custom control. */
@Component({
  selector: 'cdlp-test-form',
  imports: [FORM_FIELDS],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" [cdlpForm]="state" (ngSubmit)="state.begin(form)">
      <cdlp-input fieldId="name" label="Nom" hint="Tel qu'à l'état civil" [control]="form.controls.name" />
      <cdlp-input
        fieldId="note"
        label="Note"
        [optional]="true"
        [multiline]="true"
        [control]="form.controls.note"
      />
      <cdlp-select fieldId="kind" label="Type" [options]="kinds" [control]="form.controls.kind" />
      <cdlp-radios fieldId="seat" label="Siège" [options]="seats" [control]="form.controls.seat" />
      <cdlp-checkbox fieldId="agree" label="J'accepte" [control]="form.controls.agree" />
      <cdlp-field-group kind="upload" fieldId="file" label="Fichier" [mention]="true" [error]="fileError()">
        <input type="file" class="fr-upload" cdlpFieldControl="document" />
      </cdlp-field-group>
      <button type="submit">Envoyer</button>
    </form>
  `,
})
class TestFormComponent {
  readonly kinds: Option[] = [{ value: 'A', label: 'A' }];
  readonly seats: Option[] = [
    { value: 'T', label: 'Titulaire' },
    { value: 'S', label: 'Suppléant' },
  ];
  readonly form = new FormGroup({
    name: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    note: new FormControl('', { nonNullable: true }),
    kind: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    seat: new FormControl('', { nonNullable: true, validators: [Validators.required] }),
    agree: new FormControl(false, { nonNullable: true }),
  });
  readonly state = createFormState();
  readonly fileError = signal<string | null>(null);
}

describe('the DSFR field group', () => {
  async function render(): Promise<{ el: HTMLElement; component: TestFormComponent }> {
    const fixture = TestBed.createComponent(TestFormComponent);
    fixture.autoDetectChanges();
    await settle();
    return { el: fixture.nativeElement as HTMLElement, component: fixture.componentInstance };
  }

  it('labels each control, links it to its hint and message area, and marks what is required', async () => {
    const { el } = await render();
    const name = q<HTMLInputElement>(el, 'input#name');
    expect(q(el, 'label[for=name]').textContent).toContain('Nom');
    expect(q(el, 'label[for=name] .fr-hint-text').textContent).toBe("Tel qu'à l'état civil");
    expect(name.getAttribute('name')).toBe('name');
    expect(name.getAttribute('aria-describedby')).toBe('name-messages');
    expect(q(el, '#name-messages').getAttribute('aria-live')).toBe('polite');
    expect(name.getAttribute('aria-required')).toBe('true');
    expect(name.closest('.fr-input-group')).not.toBeNull();
    // Optional fields say so in their label and are not required.
    expect(q(el, 'label[for=note]').textContent?.replace(/\s+/g, ' ').trim()).toBe('Note (facultatif)');
    expect(q(el, 'textarea#note').getAttribute('aria-required')).toBeNull();
    expect(q(el, 'select#kind').closest('.fr-select-group')).not.toBeNull();
    // Radios: a fieldset named by its legend and its messages.
    expect(q(el, 'fieldset#seat').getAttribute('aria-labelledby')).toBe('seat-legend seat-messages');
    expect(q(el, '#seat-legend').textContent).toContain('Siège');
    expect(q(el, 'label[for=seat-1]').textContent).toBe('Suppléant');
    expect(q(el, 'input#agree').closest('.fr-checkbox-group')).not.toBeNull();
    // A custom control projected into the group takes its id, name and links from it.
    const file = q<HTMLInputElement>(el, 'input[type=file]');
    expect(file.id).toBe('file');
    expect(file.getAttribute('name')).toBe('document');
    expect(file.getAttribute('aria-describedby')).toBe('file-messages');
    expect(q(el, 'label[for=file]').textContent).toContain('(facultatif)');
  });

  it('shows the client-side errors once submitted, in the group and on the control, and focuses the first', async () => {
    const { el } = await render();
    expect(el.querySelector('.fr-message--error')).toBeNull();
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
    await settle();
    const name = q<HTMLInputElement>(el, '#name');
    expect(q(el, '#name-messages').textContent).toContain('Le champ « Nom » est obligatoire.');
    expect(name.getAttribute('aria-invalid')).toBe('true');
    expect(name.classList).toContain('fr-input--error');
    expect(name.closest('.fr-input-group')?.classList).toContain('fr-input-group--error');
    expect(q(el, 'select#kind').classList).toContain('fr-select--error');
    expect(q(el, 'select#kind').closest('.fr-select-group')?.classList).toContain('fr-select-group--error');
    expect(q(el, 'fieldset#seat').classList).toContain('fr-fieldset--error');
    expect(q(el, '#seat-messages').textContent).toContain('Le champ « Siège » est obligatoire.');
    expect(document.activeElement).toBe(name);
  });

  it('shows the API error of a field under its control name, before the client-side one', async () => {
    const { el, component } = await render();
    component.form.controls.name.setValue('Dubois');
    component.state.fieldErrors.set({ name: 'Ce nom est déjà utilisé.' });
    await settle();
    expect(q(el, '#name-messages').textContent).toContain('Ce nom est déjà utilisé.');
    expect(q(el, '#name').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows the error given to a group for a custom control', async () => {
    const { el, component } = await render();
    component.fileError.set('Le fichier dépasse 10 Mo.');
    await settle();
    const file = q<HTMLInputElement>(el, 'input[type=file]');
    expect(q(el, '#file-messages').textContent).toContain('Le fichier dépasse 10 Mo.');
    expect(file.getAttribute('aria-invalid')).toBe('true');
    expect(file.closest('.fr-upload-group')?.classList).toContain('fr-input-group--error');
  });
});
