import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { Router } from 'express';

export const LOCALES = ['vi', 'en'] as const;

/**
 * Serves the built booking-web app, one folder per locale (Angular i18n builds each language
 * separately). Unknown paths inside a locale get that locale's index.html so deep links work.
 */
export function staticWebRoutes(webRoot: string): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.redirect(302, '/vi/');
  });
  // The booking deep links of the published free slots (/fhir/$bulk-publish) have no locale in
  // them: Vietnamese first, the query (the slot id) kept.
  router.get('/dat-lich', (req, res) => {
    const query = req.originalUrl.indexOf('?');
    res.redirect(302, `/vi/dat-lich${query >= 0 ? req.originalUrl.slice(query) : ''}`);
  });
  for (const locale of LOCALES) {
    const folder = path.resolve(webRoot, locale);
    if (!existsSync(path.join(folder, 'index.html'))) continue;
    // The kiosk is an Angular application of its own (booking-web/scripts/build.mjs): its page is
    // `kiosk.html` beside the full app's index.html. A build without it falls through to the
    // full app, which shows the kiosk too, only heavier.
    if (existsSync(path.join(folder, 'kiosk.html')))
      router.get([`/${locale}/kiosk`, `/${locale}/kiosk/`], (_req, res) => {
        res.setHeader('Cache-Control', 'no-cache');
        res.sendFile('kiosk.html', { root: folder });
      });
    router.use(
      `/${locale}`,
      express.static(folder, {
        index: 'index.html',
        maxAge: '1h',
        setHeaders: (res, file) => {
          if (file.endsWith('index.html')) res.setHeader('Cache-Control', 'no-cache');
        },
      }),
    );
    router.get(`/${locale}/*splat`, (_req, res) => {
      res.setHeader('Cache-Control', 'no-cache');
      // `root` makes send judge only "index.html" for dot-folders: a web root under `.data/`
      // (as the stack builds it) must not turn every deep link into a 404.
      res.sendFile('index.html', { root: folder });
    });
  }
  return router;
}
