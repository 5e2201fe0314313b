import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { SESSION_COOKIE } from '@cdlp/shared';
import { rawGet } from '../raw-http';
import { DEMO, TestApp, startTestApp } from '../test-app';

/**
 * The built web, as the api serves it: compressed for a browser that accepts it (a member's
 * phone on a slow network waits for the bytes, not for the server), the api's own answers
 * never (small JSON on a CPU-bound read path, and event streams that must not be buffered).
 */
describe('web assets served by the api', () => {
  let t: TestApp;
  let origin: string;
  const dist = mkdtempSync(join(tmpdir(), 'cdlp-web-'));
  // Text that compresses as a real bundle does (repeated identifiers), large enough to be worth it.
  const script = Array.from({ length: 4000 }, (_, i) => `export const item${i % 50} = () => "élément ${i % 50}";`).join('\n');
  const index = `<!doctype html><html lang="fr"><head><title>Portail CDLP</title></head><body>${'<p>Commission départementale</p>'.repeat(60)}<script src="/main-TEST.js" type="module"></script></body></html>`;

  beforeAll(async () => {
    writeFileSync(join(dist, 'index.html'), index);
    writeFileSync(join(dist, 'main-TEST.js'), script);
    t = await startTestApp({ serveWeb: true, env: { WEB_DIST: dist } });
    origin = t.baseUrl.replace(/\/api$/, '');
  });

  afterAll(async () => {
    await t.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('sends a script in brotli when the browser accepts it, and the bytes decode to the file', async () => {
    const r = await rawGet(`${origin}/main-TEST.js`, { 'accept-encoding': 'gzip, deflate, br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(String(r.headers['vary'])).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(r.body).toString()).toBe(script);
    expect(r.body.length).toBeLessThan(Buffer.byteLength(script) / 5);
  });

  it('sends gzip to a browser that accepts only gzip, and the file as it is to one that accepts nothing', async () => {
    const gz = await rawGet(`${origin}/main-TEST.js`, { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(script);
    const plain = await rawGet(`${origin}/main-TEST.js`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(script);
  });

  it('compresses the single-page fallback (index.html for an app route)', async () => {
    const r = await rawGet(`${origin}/seances/une-seance`, { 'accept-encoding': 'br' });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(r.body).toString()).toBe(index);
  });

  it('never compresses an answer of the api, however large', async () => {
    // The secretariat's list of members: JSON well over the compressor's 1 KiB threshold.
    const secretariat = await t.login(DEMO.secretariat);
    const r = await rawGet(`${origin}/api/members?pageSize=100`, {
      'accept-encoding': 'gzip, deflate, br',
      cookie: `${SESSION_COOKIE}=${secretariat.cookies[SESSION_COOKIE]}`,
    });
    expect(r.status).toBe(200);
    expect(r.body.length).toBeGreaterThan(2048);
    expect(r.headers['content-encoding']).toBeUndefined();
    expect((JSON.parse(r.body.toString()) as { total: number }).total).toBeGreaterThan(5);
  });
});
