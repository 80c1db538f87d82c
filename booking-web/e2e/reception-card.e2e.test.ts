import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  EmulatedNtag424,
  randomUid,
  tapEmulatedCard,
  type PresentCard,
} from '@qn/card-reader-agent';
import type { Page } from 'playwright-core';
import { baseUrl, openBrowser, type BrowserSession } from './browser.js';

/**
 * Issuing a card at the reception desk, end to end: a receptionist signs in, looks for a person
 * who is new to the hospital and finds nobody, registers them with "Đăng ký người bệnh mới", and
 * issues them a card on the desk station's reader (a blank NTAG 424 DNA emulator on vpcd reader 1,
 * personalised by the reception station's own agent through the API). The same card, now holding
 * its keys, is then tapped on the kiosk's reader 0 and the kiosk page greets the new patient.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through \`./dev test\`.`);
  return value;
}

/** The demo staff password `./dev test` made for this data folder. */
function demoPassword(): string {
  const file = required('QN_E2E_SECRETS_FILE');
  const secrets = JSON.parse(readFileSync(file, 'utf8')) as { staff?: { demoPassword?: string } };
  if (!secrets.staff?.demoPassword)
    throw new Error(`${file} has no staff.demoPassword: the stack runner writes it`);
  return secrets.staff.demoPassword;
}

/**
 * A person the stack has never seen, so every run registers afresh: a woman born in the 1900s.
 * The API checks the CCCD against sex and birth year: province 022 (Quảng Ninh), then the
 * century-and-sex digit (1: a woman born in the 1900s), the last two digits of the birth year,
 * then six digits.
 */
const GIVEN = ['Hồng Nhung', 'Thu Trang', 'Minh Thư', 'Thanh Hương', 'Ngọc Ánh', 'Bích Ngọc'];
const NEW_PATIENT = {
  family: 'Đặng',
  given: `Thị ${GIVEN[randomInt(GIVEN.length)]}`,
  birthDate: `19${randomInt(50, 99)}-0${randomInt(1, 10)}-1${randomInt(0, 10)}`,
};
const FULL_NAME = `${NEW_PATIENT.family} ${NEW_PATIENT.given}`;
const CCCD = `0221${NEW_PATIENT.birthDate.slice(2, 4)}${String(randomInt(1_000_000)).padStart(6, '0')}`;
/** As the kiosk shows a name on its public screen: family name, then initials. */
const MASKED_NAME = [
  NEW_PATIENT.family,
  ...NEW_PATIENT.given.split(' ').map((word) => `${Array.from(word)[0]}***`),
].join(' ');

interface Station {
  deviceId: string;
  online: boolean;
  readers: string[];
}

/** Waits until `stationId`'s agent is connected with `reader` attached: a card placed earlier is missed. */
async function stationReady(page: Page, stationId: string, reader: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const stations = (await (await fetch(`${baseUrl()}/api/stations`)).json()) as Station[];
    const station = stations.find((s) => s.deviceId === stationId);
    if (station?.online && station.readers.includes(reader)) return;
    if (Date.now() > deadline)
      throw new Error(
        `station ${stationId} is not online with ${reader}: ${JSON.stringify(station ?? null)}`,
      );
    await page.waitForTimeout(250);
  }
}

describe('reception: register a new patient and issue a card at the desk, which then works at the kiosk', () => {
  let session: BrowserSession;
  /** The card as the emulator holds it: blank at first, with its own keys once personalised. */
  const card = EmulatedNtag424.blank(Buffer.from(randomUid(), 'hex'));
  const uid = card.uid.toString('hex').toUpperCase();
  let onReader: PresentCard | undefined;

  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await onReader?.remove();
    await session?.close();
  });

  it('signs the receptionist in, finds nobody with the new CCCD, and registers the person with the new-patient form', async () => {
    const { page } = session;
    await page.goto(`${baseUrl()}/vi/reception`);
    await page.waitForURL('**/vi/sign-in**', { timeout: 15_000 });
    await page.locator('#sign-in-username').fill('reception.bvdk');
    await page.locator('#sign-in-password').fill(demoPassword());
    await page.locator('button[type="submit"]').click();
    await page.waitForURL('**/vi/reception', { timeout: 10_000 });

    await page.locator('#reception-search-input').fill(CCCD);
    await page.locator('#reception-search-input').press('Enter');
    await page
      .getByTestId('reception-search-status')
      .getByText('Không tìm thấy người bệnh nào')
      .waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('reception-results').count()).toBe(0);

    await page.getByTestId('register-start').click();
    const form = page.getByTestId('register-patient');
    await form.waitFor();
    await page.locator('#register-fullName').fill(FULL_NAME);
    await page.locator('#register-birthDate').fill(NEW_PATIENT.birthDate);
    await form.getByLabel('Nữ', { exact: true }).check();
    await page.locator('#register-cccd').fill(CCCD);
    await page
      .locator('#register-phone')
      .fill(`09${String(randomInt(100_000_000)).padStart(8, '0')}`);
    await page.getByTestId('register-submit').click();

    const done = page.getByTestId('register-done');
    await done.waitFor({ timeout: 20_000 });
    expect(await done.textContent()).toContain(`Đã đăng ký ${FULL_NAME}`);
    await page.getByTestId('register-open').click();
    const patient = page.getByTestId('reception-patient');
    await patient.waitFor({ timeout: 10_000 });
    expect((await page.getByTestId('reception-patient-name').textContent())?.trim()).toBe(
      FULL_NAME,
    );
    expect(await page.getByTestId('reception-patient-facts').textContent()).toContain(
      CCCD.slice(-4),
    );
    await patient.getByTestId('no-cards').waitFor({ timeout: 10_000 });
  });

  it("issues a card on the blank chip lying on the reception station's reader and shows it active", async () => {
    const { page } = session;
    const deskStation = required('QN_E2E_DESK_STATION_ID');
    await stationReady(page, deskStation, 'Virtual PCD 00 01');

    await page.getByTestId('desk-issue-open').click();
    const desk = page.getByTestId('desk-panel');
    const station = desk.getByTestId('desk-station');
    await station.waitFor({ timeout: 10_000 });
    // Both stations are online; the card lies on the desk's reader, so that is the one to pick.
    await station.selectOption(deskStation);
    expect(await station.inputValue()).toBe(deskStation);

    onReader = await tapEmulatedCard(card, { reader: 1 });
    await desk.getByTestId('desk-submit').click();

    const notice = page.getByTestId('cards-notice');
    await notice.waitFor({ timeout: 30_000 });
    expect(await notice.textContent()).toContain('Đã phát thẻ');
    expect(await notice.textContent()).toContain(uid);
    const issued = page.getByTestId('card').filter({ hasText: uid });
    expect(await issued.getAttribute('data-status')).toBe('active');
    expect((await issued.getByTestId('card-status').textContent())?.trim()).toContain('Đang dùng');
    expect((await issued.getByTestId('card-key-version').textContent())?.trim()).toBe('1');
    expect(await page.getByTestId('desk-panel').count()).toBe(0);
    // Personalised: the emulator now holds keys of version 1, not the factory's version 0.
    expect(card.versions).toEqual([1, 1, 1, 1, 1]);

    await page.getByTestId('reception-patient').screenshot({
      path: process.env.QN_E2E_SCREENSHOT_DIR
        ? `${process.env.QN_E2E_SCREENSHOT_DIR}/reception-card.png`
        : '/tmp/qn-reception-card.png',
    });
    await onReader.remove();
    onReader = undefined;
  });

  it('signs the new patient in at the kiosk when the issued card is tapped there, greeting them by masked name', async () => {
    const kiosk = await session.context.newPage();
    try {
      await kiosk.goto(required('QN_E2E_KIOSK_URL'));
      await kiosk.getByTestId('card-prompt').waitFor({ timeout: 15_000 });
      await stationReady(kiosk, required('QN_E2E_STATION_ID'), 'Virtual PCD 00 00');
      // The page subscribes to its station's events once shown: give it a moment before the tap.
      await kiosk.waitForTimeout(500);

      onReader = await tapEmulatedCard(card, { reader: 0 });
      const greeting = kiosk.getByTestId('greeting');
      await greeting.waitFor({ timeout: 10_000 });
      expect((await greeting.textContent())?.trim()).toBe(`Xin chào, ${MASKED_NAME}`);
      expect(await kiosk.locator('body').innerText()).not.toContain(FULL_NAME);

      await onReader.remove();
      onReader = undefined;
      await kiosk.getByTestId('card-prompt').waitFor({ timeout: 10_000 });
    } finally {
      await kiosk.close();
    }
  });
});
