import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cardFileReadKey, findDemoCard } from '@qn/card-crypto';
import { EmulatedNtag424, tapEmulatedCard, type PresentCard } from '@qn/card-reader-agent';
import { openBrowser, type BrowserSession } from './browser.js';

/**
 * The thin slice end to end: a demo patient's card tapped on the kiosk's virtual reader (our
 * NTAG 424 DNA emulator → vpcd → pcscd → the card agent → the API, which checks the SUN message)
 * signs the patient in on the kiosk page in Chromium; the patient books a check-up (the seat is
 * held on the confirm step, then the hold confirmed) and gets a ticket; the booking reaches HAPI
 * FHIR as an Appointment through the outbox.
 */
function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the browser tests through \`./dev test\`.`);
  return value;
}

/** Each tap must present a higher SUN counter than the card's last; remembered with the test stack's data. */
function nextCounter(uid: string): number {
  const file = path.join(required('QN_TEST_DATA_DIR'), 'e2e-card-counters.json');
  const counters = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>)
    : {};
  const next = (counters[uid] ?? 1000) + 1;
  writeFileSync(file, JSON.stringify({ ...counters, [uid]: next }));
  return next;
}

async function tapDemoCard(name: string): Promise<PresentCard> {
  const demo = findDemoCard(name);
  if (!demo) throw new Error(`no demo card ${name}`);
  const secrets = JSON.parse(readFileSync(required('QN_E2E_SECRETS_FILE'), 'utf8')) as {
    cards: { metaKey: string; masterKey: string };
  };
  const uid = Buffer.from(demo.uid, 'hex');
  const card = new EmulatedNtag424({
    uid,
    keys: {
      metaRead: Buffer.from(secrets.cards.metaKey, 'hex'),
      fileRead: cardFileReadKey(Buffer.from(secrets.cards.masterKey, 'hex'), uid, 1),
    },
    counter: nextCounter(demo.uid),
  });
  return tapEmulatedCard(card, { reader: 0 });
}

async function bookedAppointments(
  patientId: string,
): Promise<Array<{ participant?: Array<{ actor?: { reference?: string } }> }>> {
  const response = await fetch(
    `${required('QN_TEST_HAPI_FHIR_URL')}/Appointment?patient=Patient/${patientId}&status=booked&_count=100`,
    { headers: { 'Cache-Control': 'no-cache' } },
  );
  const bundle = (await response.json()) as {
    entry?: Array<{ resource: { participant?: Array<{ actor?: { reference?: string } }> } }>;
  };
  return (bundle.entry ?? []).map((entry) => entry.resource);
}

/** Lan's Patient at her home hospital, as the demo export loaded it: found by her patient number there. */
async function lanPatientId(): Promise<string> {
  const response = await fetch(
    `${required('QN_TEST_HAPI_FHIR_URL')}/Patient?identifier=${encodeURIComponent('https://fhir.quangninh.gov.vn/sid/mrn/da-khoa-tinh|24031877')}`,
    { headers: { 'Cache-Control': 'no-cache' } },
  );
  const bundle = (await response.json()) as { entry?: Array<{ resource: { id: string } }> };
  const id = bundle.entry?.[0]?.resource.id;
  if (!id)
    throw new Error(
      'Nguyễn Thị Lan (patient number 24031877 at Bệnh viện Đa khoa tỉnh) is not in HAPI: the demo seed did not load her.',
    );
  return id;
}

describe('kiosk: tap a card, book a check-up, take a ticket', () => {
  let session: BrowserSession;
  let card: PresentCard | undefined;

  beforeAll(async () => {
    session = await openBrowser();
  });
  afterAll(async () => {
    await card?.remove();
    await session?.close();
  });

  it('signs the patient in by card, books at Bai Chay Hospital, shows a ticket with queue number and QR code, and publishes the Appointment to HAPI', async () => {
    const { page } = session;
    await page.goto(required('QN_E2E_KIOSK_URL'));
    await page.getByTestId('card-prompt').waitFor({ timeout: 15_000 });
    // The station's agent must be connected with its reader, and the page listening, before the tap.
    const readyBy = Date.now() + 20_000;
    const stationReady = async (): Promise<boolean> => {
      const stations = (await (
        await fetch(`${required('QN_E2E_BASE_URL')}/api/stations`)
      ).json()) as Array<{ deviceId: string; online: boolean; readers: string[] }>;
      return stations.some(
        (s) =>
          s.deviceId === required('QN_E2E_STATION_ID') &&
          s.online &&
          s.readers.includes('Virtual PCD 00 00'),
      );
    };
    while (!(await stationReady()) && Date.now() < readyBy) await page.waitForTimeout(250);
    await page.waitForTimeout(500);

    card = await tapDemoCard('lan');
    const greeting = page.getByTestId('greeting');
    await greeting.waitFor({ timeout: 10_000 });
    expect((await greeting.textContent())?.trim()).toBe('Xin chào, Nguyễn T*** L***');

    // Earlier runs may have left bookings: cancel them through the kiosk, as the patient would.
    while ((await page.getByTestId('appointment').count()) > 0) {
      const before = await page.getByTestId('appointment').count();
      await page.getByTestId('cancel').first().click();
      await page.getByTestId('confirm-cancel').click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('[data-testid="appointment"]').length < n,
        before,
        { timeout: 10_000 },
      );
    }

    // Touch-sized controls for elderly patients: the kiosk's own stylesheet is applied (a strict
    // Content-Security-Policy once kept it from loading, leaving tiny browser-default buttons).
    const button = await page.getByTestId('start-booking').boundingBox();
    expect(button?.height).toBeGreaterThanOrEqual(64);

    await page.getByTestId('start-booking').click();
    await page.getByTestId('hospital').filter({ hasText: 'Bệnh viện Bãi Cháy' }).click();
    await page.getByTestId('department').filter({ hasText: 'Khoa Khám bệnh' }).click();
    await page.getByTestId('day').filter({ hasText: 'Còn chỗ' }).first().click();
    await page.getByTestId('slot').first().click();
    // The confirm step holds the seat at once and counts the hold down; confirming books it.
    const hold = page.getByTestId('hold-countdown');
    await hold.waitFor({ timeout: 10_000 });
    expect((await hold.textContent())?.replace(/\s+/g, ' ')).toMatch(
      /Chỗ được giữ cho bạn trong \d+ phút \(còn \d+:\d{2}\)/,
    );
    await page.getByTestId('confirm').click();

    const ticket = page.getByTestId('ticket');
    await ticket.waitFor({ timeout: 10_000 });
    expect(
      Number((await page.getByTestId('ticket-queue').textContent())?.trim()),
    ).toBeGreaterThanOrEqual(1);
    expect((await page.getByTestId('ticket-code').textContent())?.trim()).toMatch(/^[0-9A-Z]{8}$/);
    expect(await page.getByTestId('ticket-directions').textContent()).toContain('Nhà khám, tầng 1');
    const qr = page.getByTestId('ticket-qr');
    await qr.waitFor();
    expect(await qr.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    // The outbox publishes to HAPI in the background: exactly one booked Appointment for her,
    // at the department she chose, once the cancellations above have been published too.
    const deadline = Date.now() + 20_000;
    const lan = await lanPatientId();
    let appointments = await bookedAppointments(lan);
    while (appointments.length !== 1 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      appointments = await bookedAppointments(lan);
    }
    expect(appointments).toHaveLength(1);
    const actors = appointments[0]?.participant?.map((p) => p.actor?.reference);
    expect(actors).toContain('HealthcareService/hs-bv-bai-chay-kham-benh');
  });

  it('returns to the card prompt with nothing of the patient left on screen when the card is lifted', async () => {
    const { page } = session;
    await card?.remove();
    card = undefined;
    await page.getByTestId('card-prompt').waitFor({ timeout: 10_000 });
    expect(await page.locator('body').innerText()).not.toContain('Nguyễn T***');
    for (const testId of ['greeting', 'appointment', 'ticket', 'ticket-code']) {
      expect(await page.getByTestId(testId).count()).toBe(0);
    }
  });
});
