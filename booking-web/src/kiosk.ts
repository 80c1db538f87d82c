import { start } from './app/kiosk-shell/kiosk-main';

// The kiosk as an application of its own (angular.json project `kiosk`, merged into the full
// app's output by scripts/build.mjs, served for `/<locale>/kiosk`): only the kiosk's code, none
// of the chunks it would share with the staff pages in the full app's bundle.
start().catch((err: unknown) => console.error(err));
