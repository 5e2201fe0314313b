import fs from 'node:fs';
import { memberBody } from '../fixtures';
import { DEMO, TestApp, startTestApp } from '../test-app';

type WriteCallback = (err: NodeJS.ErrnoException | null, written: number) => void;

/**
 * The logs must never hold personal data: no e-mail address, no name, no search term.
 * pino writes through sonic-boom straight to file descriptor 1 (fs.write / fs.writeSync,
 * not process.stdout.write), so writes to fd 1 are intercepted there. The default import is
 * the fs module itself, which sonic-boom calls (a namespace import would be a copy of it).
 */
describe('logs without personal data', () => {
  let t: TestApp;
  const lines: string[] = [];
  const spies: jest.SpyInstance[] = [];

  const text = (data: unknown): string =>
    typeof data === 'string' ? data : Buffer.from(data as Uint8Array).toString('utf8');
  const size = (data: unknown): number =>
    typeof data === 'string' ? Buffer.byteLength(data) : (data as Uint8Array).length;

  beforeAll(async () => {
    const realWrite = fs.write.bind(fs) as unknown as (...args: unknown[]) => void;
    const realWriteSync = fs.writeSync.bind(fs) as unknown as (...args: unknown[]) => number;
    spies.push(
      jest.spyOn(fs, 'write').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
        if (fd !== 1) return realWrite(fd, data, ...rest);
        lines.push(text(data));
        const cb = rest[rest.length - 1] as WriteCallback;
        process.nextTick(() => cb(null, size(data)));
      }) as unknown as typeof fs.write),
      jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
        if (fd !== 1) return realWriteSync(fd, data, ...rest);
        lines.push(text(data));
        return size(data);
      }) as unknown as typeof fs.writeSync),
      jest.spyOn(process.stdout, 'write').mockImplementation((data: string | Uint8Array) => {
        lines.push(text(data));
        return true;
      }),
    );
    t = await startTestApp({ env: { LOG_LEVEL: 'info' } });
  });

  afterAll(async () => {
    await t.close();
    for (const s of spies) s.mockRestore();
  });

  it('logs requests (method, path, status, request id) but no e-mail address, name or search term', async () => {
    const start = lines.length;
    const c = await t.login(DEMO.secretariat);
    const failed = await t.anon().post('/auth/login', { email: 'inconnu.secret@example.fr', password: 'Mot-de-passe-secret' });
    expect(failed.status).toBe(401);
    const created = await c.post('/members', memberBody({ firstName: 'Zébulon', lastName: 'Confidentiel', email: 'zebulon.confidentiel@example.fr' }));
    expect(created.status).toBe(201);
    const refused = await c.post('/members', memberBody({ lastName: 'Refusé', email: 'zebulon.confidentiel@example.fr' }));
    expect(refused.status).toBe(400);
    expect((await c.get('/members?search=Confidentiel')).status).toBe(200);
    expect((await t.anon().post('/auth/password-reset/request', { email: DEMO.member })).status).toBe(202);

    const logs = lines.slice(start).join('');
    // The capture works: the requests are there, with their id and status.
    const entries = logs
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as { req?: { path?: string; id?: string }; res?: { statusCode?: number } });
    const paths = entries.map((e) => e.req?.path);
    expect(paths).toContain('/api/auth/login');
    expect(paths).toContain('/api/members');
    const createdEntry = entries.find((e) => e.req?.id === created.headers.get('x-request-id'));
    expect(createdEntry?.res?.statusCode).toBe(201);

    for (const secret of [
      'secretariat@demo.cdlp.fr',
      'inconnu.secret@example.fr',
      'zebulon.confidentiel@example.fr',
      'membre@demo.cdlp.fr',
      'Zébulon',
      'Confidentiel',
      'Refusé',
      'Lemaire',
      'Mot-de-passe-secret',
      'Demo-CDLP-2026!',
    ]) {
      expect(logs).not.toContain(secret);
    }
    expect(logs).not.toMatch(/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/);
  });
});
