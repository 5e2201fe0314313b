import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

const PART_HEIGHT = 1400;

/**
 * Screenshots of the whole page in $CDLP_E2E_SCREENSHOTS (a folder), in parts of 1 400 pixels
 * (name-1.png, name-2.png…), when that variable is set; nothing otherwise.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env['CDLP_E2E_SCREENSHOTS'];
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const width = page.viewportSize()?.width ?? 1280;
  for (let y = 0, part = 1; y < height; y += PART_HEIGHT, part++) {
    await page.screenshot({
      path: join(dir, `${name}-${part}.png`),
      fullPage: true,
      clip: { x: 0, y, width, height: Math.min(PART_HEIGHT, height - y) },
    });
  }
}
