import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
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
 * The doctor face on the running system, with the demo data loaded through ingestion: sign in,
 * find a patient typed without diacritics, open her record by break-glass, and see one timeline
 * from two hospitals with a glucose trend chart.
 */
describe('doctor face in Chromium', () => {
  let session: BrowserSession;

  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await session?.close();
  });

  it('refuses a wrong password with a message, then signs the doctor in', async () => {
    const { page } = session;
    await page.goto(`${baseUrl()}/vi/doctor`);
    await page.waitForURL('**/vi/sign-in**');
    await page.locator('#sign-in-username').fill('doctor.bvdk');
    await page.locator('#sign-in-password').fill('not-the-password');
    await page.locator('button[type="submit"]').click();
    await page.getByTestId('sign-in-error').waitFor({ timeout: 10_000 });
    await page.locator('#sign-in-password').fill(demoPassword());
    await page.locator('button[type="submit"]').click();
    await page.waitForURL('**/vi/doctor', { timeout: 10_000 });
    expect(await page.getByTestId('session-user').textContent()).toContain('BS.');
    await page.getByTestId('audit-note').waitFor();
  });

  it('finds Nguyễn Thị Lan typed without diacritics, at both hospitals that know her', async () => {
    const { page } = session;
    await page.locator('#patient-search-input').fill('nguyen thi lan');
    const results = page.getByTestId('search-results');
    await results.getByText('Bệnh viện Bãi Cháy').first().waitFor({ timeout: 10_000 });
    await results.getByText('Bệnh viện Đa khoa tỉnh Quảng Ninh').first().waitFor();
    // The demo has a namesake too (another Nguyễn Thị Lan): hers is the one whose CCCD ends in 4521
    // (Bãi Cháy has no CCCD for her; her BHYT number links the two).
    expect((await results.getByTestId('result-cccd').allTextContents()).filter((text) => text.includes('4521'))).toHaveLength(1);
  });

  it('opens her record only after a break-glass reason, with visits from both hospitals and a glucose trend chart', async () => {
    const { page } = session;
    await page.getByTestId('search-results').getByRole('link').filter({ hasText: 'Bệnh viện Đa khoa tỉnh Quảng Ninh' }).filter({ hasText: '4521' }).first().click();
    // No booking with her at his hospital: the page explains and asks for a reason at once.
    await page.getByTestId('break-glass-required').waitFor({ timeout: 10_000 });
    await page.getByTestId('break-glass-dialog').waitFor();
    await page.locator('#break-glass-reason').fill('Người bệnh vào cấp cứu, cần xem tiền sử điều trị');
    await page.getByTestId('break-glass-confirm').click();
    await page.getByTestId('record').waitFor({ timeout: 15_000 });
    await page.getByTestId('break-glass-active').waitFor();
    expect(await page.getByTestId('record-name').textContent()).toContain('Nguyễn Thị Lan');
    const linked = await page.getByTestId('linked-patients').textContent();
    expect(linked).toContain('Bệnh viện Đa khoa tỉnh Quảng Ninh');
    expect(linked).toContain('Bệnh viện Bãi Cháy');
    const visits = await page.getByTestId('visit').allTextContents();
    expect(visits.some((text) => text.includes('Bãi Cháy'))).toBe(true);
    expect(visits.some((text) => text.includes('Đa khoa tỉnh'))).toBe(true);
    expect(await page.getByTestId('timeline').textContent()).toContain('E11.9');
    const charts = page.getByTestId('lab-trends').locator('canvas');
    await charts.first().waitFor();
    expect(await charts.count()).toBeGreaterThan(0);
    const labels = await charts.evaluateAll((canvases) => canvases.map((canvas) => canvas.getAttribute('aria-label') ?? ''));
    expect(labels.some((label) => /Glucose.*kết quả/i.test(label))).toBe(true);
    await page.screenshot({ path: process.env.QN_E2E_SCREENSHOT_DIR ? `${process.env.QN_E2E_SCREENSHOT_DIR}/doctor-record.png` : '/tmp/qn-doctor-record.png', fullPage: true });
  });
});
