import { type ApplicationRef } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';

import { KioskApp } from './kiosk-app';
import { kioskAppConfig } from './kiosk-app.config';

/** Starts the kiosk's own shell (see `KioskApp` for why it exists). */
export function start(): Promise<ApplicationRef> {
  return bootstrapApplication(KioskApp, kioskAppConfig);
}
