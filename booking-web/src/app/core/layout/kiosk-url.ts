/**
 * True when the page's path, relative to the base href, is the public kiosk (`kiosk`, as in
 * `/vi/kiosk?station=kiosk-01`). `main.ts` starts the kiosk's own shell for it.
 */
export function isKioskUrl(pathname: string, baseUri: string): boolean {
  const base = new URL(baseUri).pathname;
  if (!pathname.startsWith(base)) return false;
  return /^kiosk\/?$/.test(pathname.slice(base.length));
}
