import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import helmet from 'helmet';
import { SUN_LANDING_PATH, sunLandingRoutes } from './sun-landing.js';

describe('the page a phone opens from a card', () => {
  let server: Server;
  let base: string;

  beforeAll(async () => {
    const app = express();
    app.use(helmet());
    app.use(sunLandingRoutes());
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('explains the card in Vietnamese first, then English, and keeps the tap out of caches and referrers', async () => {
    const picc = 'EF963FF7828658A599F3041510E5BD8C';
    const response = await fetch(
      `${base}${SUN_LANDING_PATH}?picc_data=${picc}&cmac=94EED9EE65337086`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    const page = await response.text();
    expect(page.indexOf('Thẻ khám bệnh tỉnh Quảng Ninh')).toBeLessThan(
      page.indexOf('Quang Ninh patient card'),
    );
    expect(page).toContain('Trên thẻ không có thông tin cá nhân');
    // Nothing of the message is echoed back.
    expect(page).not.toContain(picc);
  });
});
