import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { page, pspRequest, REQUEST_ID } from '../../testing/fixtures';
import { PspRequestsApi, UploadProgress } from './psp.api';

describe('PspRequestsApi', () => {
  let api: PspRequestsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    api = TestBed.inject(PspRequestsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('sends the server-side filters and leaves the empty ones out', () => {
    api
      .list({
        state: 'COMPLETE',
        associationId: '',
        completedFrom: '2026-01-01',
        minDaysWaiting: 30,
        page: 2,
        pageSize: 20,
        sort: 'daysWaiting',
        order: 'desc',
      })
      .subscribe();
    const req = http.expectOne((r) => r.url === '/api/psp-requests');
    expect(req.request.params.keys().sort()).toEqual([
      'completedFrom',
      'minDaysWaiting',
      'order',
      'page',
      'pageSize',
      'sort',
      'state',
    ]);
    expect(req.request.params.get('minDaysWaiting')).toBe('30');
    req.flush(page([]));
  });

  it('creates a draft, saves the dossier as a whole and submits it', () => {
    api.create({ associationId: 'a1', dossier: { lastName: 'Okafor' } }).subscribe();
    expect(http.expectOne({ method: 'POST', url: '/api/psp-requests' }).request.body).toEqual({
      associationId: 'a1',
      dossier: { lastName: 'Okafor' },
    });
    api.update(REQUEST_ID, { lastName: 'Okafor', firstName: 'Joy' }).subscribe();
    expect(http.expectOne({ method: 'PUT', url: `/api/psp-requests/${REQUEST_ID}` }).request.body).toEqual({
      dossier: { lastName: 'Okafor', firstName: 'Joy' },
    });
    api.submit(REQUEST_ID).subscribe();
    http.expectOne({ method: 'POST', url: `/api/psp-requests/${REQUEST_ID}/submit` }).flush(pspRequest());
    api.withdraw(REQUEST_ID, 'Déménagement').subscribe();
    expect(http.expectOne(`/api/psp-requests/${REQUEST_ID}/withdraw`).request.body).toEqual({
      reason: 'Déménagement',
    });
    api.nationalityWaiver(REQUEST_ID, { accepted: true, reason: 'Concordants' }).subscribe();
    http.expectOne(`/api/psp-requests/${REQUEST_ID}/nationality-waiver`).flush(pspRequest());
    api.deleteDocument(REQUEST_ID, 'd1').subscribe();
    http
      .expectOne({ method: 'DELETE', url: `/api/psp-requests/${REQUEST_ID}/documents/d1` })
      .flush(pspRequest());
  });

  it('uploads a piece as multipart data and reports the progress, then the updated request', () => {
    const events: UploadProgress[] = [];
    const file = new File(['%PDF-1.4'], 'passeport.pdf', { type: 'application/pdf' });
    api
      .upload(REQUEST_ID, file, {
        itemCode: 'NATIONALITE',
        docType: 'PASSEPORT',
        issueDate: '2023-03-01',
        expiryDate: null,
      })
      .subscribe((e) => events.push(e));
    const req = http.expectOne(`/api/psp-requests/${REQUEST_ID}/documents`);
    expect(req.request.reportProgress).toBe(true);
    const body = req.request.body as FormData;
    expect(body.get('itemCode')).toBe('NATIONALITE');
    expect(body.get('docType')).toBe('PASSEPORT');
    expect(body.get('issueDate')).toBe('2023-03-01');
    expect(body.has('expiryDate')).toBe(false);
    expect((body.get('file') as File).name).toBe('passeport.pdf');
    req.event({ type: HttpEventType.UploadProgress, loaded: 50, total: 200 });
    req.event({ type: HttpEventType.UploadProgress, loaded: 200, total: 200 });
    req.flush(pspRequest());
    expect(events.map((e) => (e.kind === 'progress' ? e.percent : 'done'))).toEqual([25, 100, 'done']);
  });

  it('builds same-origin download links', () => {
    expect(api.documentUrl(REQUEST_ID, 'd1')).toBe(`/api/psp-requests/${REQUEST_ID}/documents/d1/content`);
  });
});
