import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tapCard } from '@qn/card-reader-agent';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { baseUrl, openBrowser, type BrowserSession } from './browser.js';

/** The demo staff password `./dev test` made for this data folder. */
function demoPassword(): string {
  const file = process.env.QN_E2E_SECRETS_FILE;
  if (!file) throw new Error('QN_E2E_SECRETS_FILE is not set: run the browser tests through `./dev test`.');
  const secrets = JSON.parse(readFileSync(file, 'utf8')) as { staff?: { demoPassword?: string } };
  if (!secrets.staff?.demoPassword) throw new Error(`${file} has no staff.demoPassword: the stack runner writes it`);
  return secrets.staff.demoPassword;
}

/**
 * Opens the reception face (receptionists only: signs in as `reception.bvdk` when sent to the
 * sign-in page; the session then lasts for the tab) and unfolds its system status.
 */
async function openReceptionStatus(page: Page, path = '/vi/reception'): Promise<void> {
  await page.goto(`${baseUrl()}${path}`);
  // The route guard redirects in the page once the app has started: wait for either screen.
  const signIn = page.locator('#sign-in-username');
  await signIn.or(page.getByTestId('reception-status-toggle')).first().waitFor({ timeout: 15_000 });
  if (await signIn.isVisible()) {
    await page.locator('#sign-in-username').fill('reception.bvdk');
    await page.locator('#sign-in-password').fill(demoPassword());
    await page.locator('button[type="submit"]').click();
    await page.waitForURL(`**${path}`, { timeout: 10_000 });
  }
  await showStatus(page);
}

/** The status panel is folded away below the desk: unfold it. */
async function showStatus(page: Page): Promise<void> {
  const toggle = page.getByTestId('reception-status-toggle');
  await toggle.waitFor({ timeout: 15_000 });
  const open = await toggle.evaluate((summary) => (summary.parentElement as HTMLDetailsElement).open);
  if (!open) await toggle.click();
}

describe('status faces of the running system in Chromium', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows reception in Vietnamese, once a receptionist signs in, with every component up and the three hospitals from HAPI FHIR', async () => {
    const { page } = session;
    await page.goto(`${baseUrl()}/`);
    expect(new URL(page.url()).pathname).toBe('/vi/');
    await openReceptionStatus(page);
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.getByText('Hệ thống sẵn sàng').waitFor({ timeout: 15_000 });

    const hospitals = page.getByTestId('hospitals');
    await hospitals.waitFor();
    for (const name of [
      'Bệnh viện Đa khoa tỉnh Quảng Ninh',
      'Bệnh viện Sản Nhi Quảng Ninh',
      'Bệnh viện Bãi Cháy',
    ]) {
      await expect(hospitals.getByRole('row').filter({ hasText: name }).count()).resolves.toBe(1);
    }
    const generalHospital = hospitals
      .getByRole('row')
      .filter({ hasText: 'Bệnh viện Đa khoa tỉnh Quảng Ninh' });
    const cells = await generalHospital.getByRole('cell').allTextContents();
    // Facility code, then departments (the demo loads six for this hospital) and practitioners.
    expect(cells.join(' ')).toContain('22001');
    expect(Number(cells.at(-2)?.trim())).toBeGreaterThanOrEqual(6);
  });

  it('tells a kiosk opened without its station that it is not configured, instead of showing anything', async () => {
    const { page } = session;
    await page.goto(`${baseUrl()}/vi/kiosk`);
    await page.getByText('Ki-ốt này chưa được cấu hình').waitFor({ timeout: 15_000 });
  });

  it('switches the same page to English with the language toggle', async () => {
    const { page } = session;
    await openReceptionStatus(page);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL('**/en/reception');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await showStatus(page); // still signed in: the session belongs to the tab, not the language
    await page.getByText('System ready').waitFor({ timeout: 15_000 });
  });

  it("shows a card tapped on the kiosk's virtual reader as that station's last card tap on the reception status page, through pcscd, the agent and the API", async () => {
    const { page } = session;
    const station = process.env.QN_E2E_STATION_ID;
    if (!station) throw new Error('QN_E2E_STATION_ID is not set: run through `./dev test`.');
    await openReceptionStatus(page);
    const stationItem = page.locator(`[data-agent="${station}"]`);
    await stationItem.getByText('Trực tuyến').waitFor({ timeout: 20_000 });
    await stationItem.getByText('Virtual PCD 00 00').waitFor();

    const lastTap = stationItem
      .locator('p')
      .filter({ hasText: /Lần chạm thẻ gần nhất|Chưa có lượt chạm thẻ/ });
    const before = (await lastTap.textContent())?.trim();

    const card = await tapCard({ reader: 0 });
    try {
      // The page polls every 3 s; the tap must show as a new last-tap time within a few polls.
      const deadline = Date.now() + 15_000;
      let now = before;
      while (now === before && Date.now() < deadline) {
        await page.waitForTimeout(250);
        now = (await lastTap.textContent())?.trim();
      }
      expect(now).not.toBe(before);
      expect(now).toMatch(/^Lần chạm thẻ gần nhất: \d{2}:\d{2}:\d{2}/);
    } finally {
      await card.remove();
    }
  });
});
