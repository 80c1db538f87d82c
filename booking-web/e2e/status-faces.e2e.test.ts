import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { tapCard } from '@qn/card-reader-agent';
import { baseUrl, openBrowser, type BrowserSession } from './browser.js';

describe('status faces of the running system in Chromium', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('shows reception in Vietnamese with every component up and the three hospitals from HAPI FHIR', async () => {
    const { page } = session;
    await page.goto(`${baseUrl()}/`);
    expect(new URL(page.url()).pathname).toBe('/vi/');
    await page.goto(`${baseUrl()}/vi/reception`);
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
    await page.goto(`${baseUrl()}/vi/reception`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL('**/en/reception');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByText('System ready').waitFor({ timeout: 15_000 });
  });

  it("shows a card tapped on the kiosk's virtual reader as that station's last card tap on the reception status page, through pcscd, the agent and the API", async () => {
    const { page } = session;
    const station = process.env.QN_E2E_STATION_ID;
    if (!station) throw new Error('QN_E2E_STATION_ID is not set: run through `./dev test`.');
    await page.goto(`${baseUrl()}/vi/reception`);
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
