import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { CSRF_COOKIE, SESSION_COOKIE } from '@cdlp/shared';
import { createApp, runMigrations } from '../api/src/bootstrap';
import { Clock } from '../api/src/core/clock/clock';
import { loadConfig } from '../api/src/core/config/config';
import { DemoSeeder } from '../api/src/demo/demo-seed';
import { DEMO_PASSWORD } from '../api/src/demo/demo-data';
import { createTestDatabase } from '../api/test/test-db';
import { rawGet } from '../api/test/raw-http';
import { TestClient } from '../api/test/test-app';
import { DEMO } from '../api/test/test-app';
import { Ratio, SuiteResult, compareRatio, out, targetRatio } from './report';

export const about = 'initial web transfer (as served, gzip, brotli) and Lighthouse performance in Chromium';

/**
 * The web as a person gets it: the built Angular app (dist/web/browser, built by Nx when
 * missing) served by the real api with the demo data. Prints the bytes of the initial
 * bundle (index.html, its scripts, module preloads and style sheets): each file's size, what
 * the api sends (compressed on the fly), and the file compressed here by gzip (level 9) and
 * brotli (quality 11), what precompressed files would weigh; then a Lighthouse performance
 * run (mobile preset, simulated throttling) in Debian's Chromium on the login page and on the dashboard of a member.
 * Lighthouse is skipped with a message when Chromium or the lighthouse package is absent.
 */
const ROOT = resolve(__dirname, '..');
const WEB_DIST = join(ROOT, 'dist/web/browser');
const CHROMIUM = '/usr/bin/chromium';
const CHROME_FLAGS = '--headless --no-sandbox --disable-gpu --disable-quic --disable-background-networking --disable-component-update --disable-sync --no-first-run';
/** Core Web Vitals: a Largest Contentful Paint under 2.5 s is "good". */
const LCP_TARGET_MS = 2500;

interface Asset {
  path: string;
  /** The file's own size. */
  size: number;
  /** The bytes the api sent for it. */
  served: number;
  encoding: string;
  gzip: number;
  brotli: number;
}

export async function run(): Promise<SuiteResult> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    out('  dist/web/browser is missing: building the web (nx run web:build)…');
    const build = spawnSync('npx', ['nx', 'run', 'web:build', '--output-style=static'], {
      cwd: ROOT,
      stdio: 'inherit',
      env: { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false', NX_TUI: 'false' },
    });
    if (build.status !== 0) throw new Error('the web build failed');
  }
  const db = await createTestDatabase('cdlp_bench');
  const dataDir = mkdtempSync(join(tmpdir(), 'cdlp-bench-web-'));
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: db.url, DEMO_MODE: 'true', DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEB_DIST });
  await runMigrations(config);
  const app = await createApp(config, { clock: new Clock(), serveWeb: true });
  try {
    await app.get(DemoSeeder).seed();
    await app.listen(0, '127.0.0.1');
    const origin = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
    const ratios: Ratio[] = [];

    const assets = await initialAssets(origin);
    const sum = (k: 'served' | 'gzip' | 'brotli' | 'size') => assets.reduce((s, a) => s + a[k], 0);
    const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
    const plain = sum('size');
    out(`  initial bundle of ${origin}/ (file size; bytes sent by the api; gzip -9 and brotli -q11 computed here):`);
    out(`    ${'file'.padEnd(44)}${'file'.padStart(12)}${'served'.padStart(12)}${'gzip'.padStart(12)}${'brotli'.padStart(12)}`);
    for (const a of assets)
      out(`    ${a.path.slice(0, 43).padEnd(44)}${kib(a.size).padStart(12)}${kib(a.served).padStart(12)}${kib(a.gzip).padStart(12)}${kib(a.brotli).padStart(12)}${a.encoding ? `  (${a.encoding})` : ''}`);
    out(`    ${'total'.padEnd(44)}${kib(plain).padStart(12)}${kib(sum('served')).padStart(12)}${kib(sum('gzip')).padStart(12)}${kib(sum('brotli')).padStart(12)}`);
    const encodings = new Set(assets.map((a) => a.encoding || 'none'));
    out(`    Content-Encoding sent by the api: ${[...encodings].join(', ')} (brotli quality 4 on the fly; the brotli column is quality 11, what precompressed files would weigh)`);
    ratios.push(compareRatio('initial transfer, as served / uncompressed', sum('served'), plain, `${kib(sum('served'))} / ${kib(plain)}`));

    const lighthouse = join(ROOT, 'node_modules/lighthouse/cli/index.js');
    if (!existsSync(CHROMIUM) || !existsSync(lighthouse)) {
      out(`  Lighthouse: skipped (${existsSync(CHROMIUM) ? 'no lighthouse package: npm install' : `no ${CHROMIUM}: apt-get install chromium`})`);
      return { ratios };
    }
    const member = new TestClient(`${origin}/api`);
    const login = await member.post('/auth/login', { email: DEMO.member, password: DEMO_PASSWORD });
    if (login.status !== 200) throw new Error(`member login: ${login.status}`);
    const cookie = `${SESSION_COOKIE}=${member.cookies[SESSION_COOKIE]}; ${CSRF_COOKIE}=${member.cookies[CSRF_COOKIE]}`;
    for (const page of [
      { label: 'login page', url: `${origin}/connexion`, headers: null },
      { label: 'member dashboard (logged in)', url: `${origin}/`, headers: { Cookie: cookie } },
    ]) {
      const r = await lighthouseRun(lighthouse, page.url, page.headers);
      out(`  Lighthouse ${r.version}, ${page.label} (${page.url.replace(origin, '')}), mobile preset, simulated throttling:`);
      out(`    performance score ${r.score}; FCP ${r.fcp}, LCP ${r.lcp}, TBT ${r.tbt}, CLS ${r.cls}, Speed Index ${r.si}; ${r.requests} requests, ${kib(r.bytes)} transferred`);
      ratios.push(targetRatio(`LCP, ${page.label} / 2.5 s`, r.lcpMs, LCP_TARGET_MS));
    }
    return { ratios };
  } finally {
    await app.close();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** index.html and what it loads before the app starts: scripts, module preloads, style sheets. */
async function initialAssets(origin: string): Promise<Asset[]> {
  const fetchAsset = async (path: string): Promise<Asset> => {
    const res = await rawGet(`${origin}${path}`, { 'accept-encoding': 'gzip, deflate, br' });
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    // The bytes on the wire (a compressed answer has no Content-Length), then the file itself.
    const encoding = String(res.headers['content-encoding'] ?? '');
    const body = encoding === 'br' ? brotliDecompressSync(res.body) : encoding === 'gzip' ? gunzipSync(res.body) : res.body;
    return {
      path,
      size: body.length,
      served: res.body.length,
      encoding,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  };
  const index = await fetchAsset('/');
  const html = await (await fetch(`${origin}/`)).text();
  const refs = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*\srel="(?:stylesheet|modulepreload)"[^>]*\shref="([^"]+)"/g)) refs.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*\shref="([^"]+)"[^>]*\srel="(?:stylesheet|modulepreload)"/g)) refs.add(m[1]);
  const assets = [{ ...index, path: '/ (index.html)' }];
  for (const ref of refs) if (!/^https?:/.test(ref)) assets.push(await fetchAsset(`/${ref.replace(/^\//, '')}`));
  return assets;
}

interface LighthouseFigures {
  version: string;
  score: string;
  fcp: string;
  lcp: string;
  lcpMs: number;
  tbt: string;
  cls: string;
  si: string;
  requests: number;
  bytes: number;
}

async function lighthouseRun(cli: string, url: string, headers: Record<string, string> | null): Promise<LighthouseFigures> {
  const run = promisify(execFile);
  const profile = mkdtempSync(join(tmpdir(), 'cdlp-bench-chromium-'));
  try {
    const args = [
      cli,
      url,
      '--only-categories=performance',
      '--output=json',
      '--output-path=stdout',
      '--quiet',
      `--chrome-flags=${CHROME_FLAGS} --user-data-dir=${profile}`,
      ...(headers ? [`--extra-headers=${JSON.stringify(headers)}`] : []),
    ];
    const { stdout } = await run(process.execPath, args, {
      env: { ...process.env, CHROME_PATH: CHROMIUM },
      maxBuffer: 256 * 1024 * 1024,
      timeout: 240_000,
    });
    const lhr = JSON.parse(stdout) as {
      lighthouseVersion: string;
      runtimeError?: { message: string };
      categories: { performance: { score: number | null } };
      audits: Record<string, { displayValue?: string; numericValue?: number; details?: { items?: { transferSize?: number }[] } }>;
    };
    if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.message}`);
    const a = lhr.audits;
    const items = a['network-requests']?.details?.items ?? [];
    const score = lhr.categories.performance.score;
    return {
      version: lhr.lighthouseVersion,
      score: score === null ? 'n/a' : String(Math.round(score * 100)),
      fcp: a['first-contentful-paint']?.displayValue ?? 'n/a',
      lcp: a['largest-contentful-paint']?.displayValue ?? 'n/a',
      lcpMs: a['largest-contentful-paint']?.numericValue ?? Number.NaN,
      tbt: a['total-blocking-time']?.displayValue ?? 'n/a',
      cls: a['cumulative-layout-shift']?.displayValue ?? 'n/a',
      si: a['speed-index']?.displayValue ?? 'n/a',
      requests: items.length,
      bytes: items.reduce((s, i) => s + (i.transferSize ?? 0), 0),
    };
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
