import { isKioskUrl } from './app/core/layout/kiosk-url';

// Two ways in, each a chunk of its own. The public kiosk's address starts a small shell without
// the router (app/kiosk-shell/, see KioskApp for the trade-off), so the kiosk screen loads about a
// third less JavaScript; every other address starts the full app.
const app = isKioskUrl(location.pathname, document.baseURI)
  ? import('./app/kiosk-shell/kiosk-main')
  : import('./app/app-main');

app.then((m) => m.start()).catch((err: unknown) => console.error(err));
