import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Where the system under test runs; `./dev test` sets it. */
export function baseUrl(): string {
  const url = process.env.QN_E2E_BASE_URL;
  if (!url)
    throw new Error(
      'QN_E2E_BASE_URL is not set: run the browser tests through `./dev test`, which starts the system.',
    );
  return url;
}

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * Debian's Chromium, headless, with a fresh profile folder; the flags keep it from reaching for
 * the network this machine does not have (ENVIRONMENT.md).
 */
export async function openBrowser(): Promise<BrowserSession> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'qn-e2e-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROME_BIN ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    viewport: { width: 1280, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
