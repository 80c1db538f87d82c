import { provideHttpClient, withFetch } from '@angular/common/http';
import {
  type ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';

/**
 * The providers of the kiosk's own shell (`KioskApp`): those of `app.config.ts` minus the
 * router, its title strategy and the staff auth interceptor. The interceptor has nothing to do
 * here: it never puts a staff token on a call made while the kiosk is on screen.
 */
export const kioskAppConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideHttpClient(withFetch()),
  ],
};
