import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { staticWebRoutes } from './static-web.js';

describe('the built web app', () => {
  let server: Server;
  let base: string;
  let temp: string;

  beforeAll(async () => {
    temp = mkdtempSync(path.join(os.tmpdir(), 'qn-web-'));
    // Under a dot-folder, as `.data/` holds the stack's build.
    const root = path.join(temp, '.data', 'web');
    for (const locale of ['vi', 'en']) {
      mkdirSync(path.join(root, locale), { recursive: true });
      writeFileSync(path.join(root, locale, 'index.html'), `<html lang="${locale}"></html>`);
      if (locale === 'vi')
        writeFileSync(path.join(root, locale, 'kiosk.html'), '<html lang="vi" data-app="kiosk">');
    }
    const app = express();
    app.use(staticWebRoutes(root));
    server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(temp, { recursive: true, force: true });
  });

  it("answers a deep link with that locale's index.html, also from a web root under a dot-folder", async () => {
    const vi = await fetch(`${base}/vi/doctor`);
    expect(vi.status).toBe(200);
    expect(await vi.text()).toContain('lang="vi"');
    expect(vi.headers.get('cache-control')).toBe('no-cache');
    expect(await (await fetch(`${base}/en/doctor/patients/p1`)).text()).toContain('lang="en"');
  });

  it("answers the kiosk's address with the kiosk's own build where there is one, else the full app", async () => {
    for (const url of [`${base}/vi/kiosk?station=kiosk-01`, `${base}/vi/kiosk/`]) {
      const kiosk = await fetch(url);
      expect(kiosk.status).toBe(200);
      expect(await kiosk.text()).toContain('data-app="kiosk"');
      expect(kiosk.headers.get('cache-control')).toBe('no-cache');
    }
    // Inside the full app the kiosk's address is only a route: deeper paths stay the full app's.
    expect(await (await fetch(`${base}/vi/kiosk/x`)).text()).not.toContain('data-app');
    expect(await (await fetch(`${base}/en/kiosk`)).text()).toContain('lang="en"');
  });

  it('sends the root to the Vietnamese app', async () => {
    const response = await fetch(`${base}/`, { redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/vi/');
  });
});
