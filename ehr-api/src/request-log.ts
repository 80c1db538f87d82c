import { SUN_LANDING_PATH } from './cards/sun-landing.js';

/** Query parameters that carry a secret: a kiosk page's display key (`/api/stations/:id/events`). */
const SECRET_PARAMS = ['key'];

interface LoggedRequest {
  url?: string;
  query?: unknown;
}

/**
 * The request as the access log writes it, without secrets. A card's SUN message, as a phone held
 * to the card sends it to /c, is left out whole: nobody has checked it yet, so with a station's
 * credentials it would still sign in once. A kiosk's display key is replaced by "…": whoever has it
 * receives that station's events, session tokens included.
 */
export function requestForLog<R extends LoggedRequest>(req: R): R {
  if (req.url?.startsWith(`${SUN_LANDING_PATH}?`))
    return { ...req, url: `${SUN_LANDING_PATH}?…`, query: {} };
  const query = req.query as Record<string, unknown> | undefined;
  const secret = SECRET_PARAMS.filter((name) => query?.[name] !== undefined);
  if (secret.length === 0 || !req.url) return req;
  const at = req.url.indexOf('?');
  const path = at < 0 ? req.url : req.url.slice(0, at);
  const search = at < 0 ? '' : req.url.slice(at + 1);
  const params = new URLSearchParams(search);
  for (const name of secret) if (params.has(name)) params.set(name, '…');
  return {
    ...req,
    url: `${path}?${params.toString()}`,
    query: { ...query, ...Object.fromEntries(secret.map((name) => [name, '…'])) },
  };
}
