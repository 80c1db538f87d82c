import { type ApplicationRef } from '@angular/core';
import { bootstrapApplication } from '@angular/platform-browser';

import { App } from './app';
import { appConfig } from './app.config';

/** Starts the full app: every face and page, with the router. */
export function start(): Promise<ApplicationRef> {
  return bootstrapApplication(App, appConfig);
}
