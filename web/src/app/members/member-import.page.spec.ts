import { HttpTestingController } from '@angular/common/http/testing';
import { RouterTestingHarness } from '@angular/router/testing';
import { q, settle, setUpPageTest } from '../../testing/test-helpers';
import { MemberImportPage } from './member-import.page';

describe('MemberImportPage', () => {
  let http: HttpTestingController;
  let el: HTMLElement;

  beforeEach(async () => {
    http = setUpPageTest([{ path: 'membres/import', component: MemberImportPage }]);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl('/membres/import');
    el = harness.routeNativeElement as HTMLElement;
  });

  afterEach(() => http.verify());

  function choose(file: File): void {
    const input = q<HTMLInputElement>(el, '#fichier-csv');
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  function submit(): void {
    q<HTMLButtonElement>(el, 'button[type=submit]').click();
  }

  it('asks for a file before sending anything', async () => {
    submit();
    await settle();
    expect(el.querySelector('#fichier-csv-messages')?.textContent).toContain('Sélectionnez un fichier CSV.');
  });

  it('refuses a file that is not a CSV', async () => {
    choose(new File(['x'], 'membres.xlsx'));
    submit();
    await settle();
    expect(el.querySelector('#fichier-csv-messages')?.textContent).toContain('extension .csv');
  });

  it('uploads the CSV as multipart field "file" and reports the number imported', async () => {
    const file = new File(['civility,firstName\nMME,Claire\n'], 'membres.csv', { type: 'text/csv' });
    choose(file);
    submit();
    const req = http.expectOne({ method: 'POST', url: '/api/members/import' });
    expect(req.request.body).toBeInstanceOf(FormData);
    expect((req.request.body as FormData).get('file')).toBeInstanceOf(File);
    req.flush({ imported: 12, errors: [] });
    await settle();
    expect(el.querySelector('[role=status]')?.textContent).toContain('12 membres importés.');
  });

  it('lists the errors of every invalid line', async () => {
    choose(new File(['x'], 'membres.csv'));
    submit();
    http.expectOne('/api/members/import').flush(
      {
        statusCode: 400,
        message: 'Le fichier contient 2 erreurs : aucun membre n’a été importé.',
        errors: [
          { line: 2, field: 'email', message: "L'adresse électronique n'est pas valide." },
          {
            line: 4,
            field: 'termStart',
            message: 'Le début du mandat doit être une date au format AAAA-MM-JJ.',
          },
        ],
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    expect(el.querySelector('[role=alert]')?.textContent).toContain('aucun membre n’a été importé');
    const rows = [...el.querySelectorAll('#erreurs-import tbody tr')].map((r) =>
      [...r.querySelectorAll('td')].map((td) => td.textContent?.trim()).join(' | '),
    );
    expect(rows).toEqual([
      "2 | email | L'adresse électronique n'est pas valide.",
      '4 | termStart | Le début du mandat doit être une date au format AAAA-MM-JJ.',
    ]);
  });
});
