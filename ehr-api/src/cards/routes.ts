import { Router, type Request, type RequestHandler } from 'express';
import { parseInput } from '../errors/parse-input.js';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.js';
import { auditAccess, auditTarget } from '../audit/audit-log.js';
import { CARD_STATUSES, type CardDocument } from './card-model.js';
import type { CardService } from './card-service.js';
import type { DeskStation } from './desk-personalisation.js';
import { jsonBody } from '../hardening/json-body.js';

export const ID = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'an id of 1 to 64 letters, digits, dashes or dots');
export const UID = z
  .string()
  .regex(
    /^[0-9A-Fa-f]{14}$/,
    "the chip's 7-byte UID as 14 hexadecimal digits, as the desk reader shows it",
  );
const STATION = z
  .string()
  .regex(
    /^[A-Za-z0-9\-_.]{1,64}$/,
    'the desk station (card-reader device) id, as /api/stations lists it',
  );
/** Personalising at a desk station: which station, optionally which of its readers, how long to wait for the card. */
const desk = {
  stationId: STATION.optional(),
  reader: z.string().trim().min(1).max(200).optional(),
  waitForCardSeconds: z
    .number()
    .int()
    .min(1, 'at least 1 second')
    .max(30, 'at most 30 seconds')
    .optional(),
};
const oneChip = (body: { uid?: string | undefined; stationId?: string | undefined }): boolean =>
  (body.uid === undefined) !== (body.stationId === undefined);
const ONE_CHIP =
  "give either uid (a chip already personalised) or stationId (personalise the blank card on that desk station's reader), not both";
export const issueBody = z
  .object({ patientId: ID, uid: UID.optional(), ...desk })
  .strict()
  .refine(oneChip, { message: ONE_CHIP, path: ['stationId'] });
export const rekeyBody = z
  .object({ stationId: STATION, reader: desk.reader, waitForCardSeconds: desk.waitForCardSeconds })
  .strict();
export const revokeBody = z
  .object({ reason: z.string().trim().min(3, 'say why, e.g. "mất thẻ" (lost)').max(500) })
  .strict();
export const replaceBody = z
  .object({
    uid: UID.optional(),
    ...desk,
    reason: z.string().trim().min(3).max(500).default('thay thẻ'),
  })
  .strict()
  .refine(oneChip, { message: ONE_CHIP, path: ['stationId'] });

function deskOf(body: {
  stationId?: string | undefined;
  reader?: string | undefined;
  waitForCardSeconds?: number | undefined;
}): DeskStation {
  return {
    stationId: body.stationId ?? '',
    ...(body.reader === undefined ? {} : { reader: body.reader }),
    ...(body.waitForCardSeconds === undefined
      ? {}
      : { waitForCardMs: body.waitForCardSeconds * 1000 }),
  };
}

const parse = parseInput;

/** What reception sees of a card: never the keys or the tap counter. */
export const cardViewSchema = z.object({
  cardId: z.string().describe('Printed card id, e.g. QN-7K4M-9XTA'),
  uid: z.string().describe("The chip's UID, upper-case hex"),
  patientId: z.string(),
  status: z.enum(CARD_STATUSES),
  statusHistory: z.array(
    z.object({
      status: z.enum(CARD_STATUSES),
      at: z.iso.datetime(),
      reason: z.string().optional(),
    }),
  ),
  keyVersion: z.number().int().describe('Version of the keys on the chip; a re-keying moves it on'),
  keyHistory: z
    .array(z.object({ version: z.number().int(), at: z.iso.datetime(), reason: z.string() }))
    .optional()
    .describe('Key versions the chip went through (personalised at the desk, re-keyed)'),
  personalisedAt: z
    .string()
    .optional()
    .describe('The desk station whose reader personalised the chip'),
  issuedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  replaces: z.string().optional().describe('The card this one replaced'),
});
export type CardView = z.output<typeof cardViewSchema>;

function cardView(card: CardDocument): CardView {
  return {
    cardId: card._id,
    uid: card.uid,
    patientId: card.patientId,
    status: card.status,
    statusHistory: card.statusHistory.map((change) => ({
      status: change.status,
      at: change.at.toISOString(),
      ...(change.reason ? { reason: change.reason } : {}),
    })),
    keyVersion: card.keyVersion,
    ...(card.keyHistory
      ? {
          keyHistory: card.keyHistory.map((change) => ({
            version: change.version,
            at: change.at.toISOString(),
            reason: change.reason,
          })),
        }
      : {}),
    ...(card.personalisedAt ? { personalisedAt: card.personalisedAt } : {}),
    issuedAt: card.issuedAt.toISOString(),
    expiresAt: card.expiresAt.toISOString(),
    ...(card.replaces ? { replaces: card.replaces } : {}),
  };
}

/**
 * The card lifecycle at reception (and for administrators): issue a card to a patient (a chip
 * already personalised, or the blank card on a desk station's reader, which that station's agent
 * personalises first), revoke a lost or stolen card in one step, replace a card (the old one stops
 * working at once), re-key a card on the desk reader, and list a patient's cards with their status
 * and key history. Every change is audited against the patient.
 */
export function cardRoutes(cards: CardService, authenticate: RequestHandler): Router {
  const router = Router();
  router.use(
    ['/api/cards', '/api/patients/:patientId/cards'],
    authenticate,
    requireRole('receptionist', 'admin'),
    jsonBody({ limit: '4kb' }),
  );
  const actor = (req: Request): string =>
    req.principal?.kind === 'staff' ? `user:${req.principal.userId}` : 'unknown';

  router.post('/api/cards', async (req, res) => {
    const body = parse(issueBody, req.body ?? {}, 'body');
    auditTarget(req, {
      action: 'create',
      patientIds: [body.patientId],
      resource: { type: 'Card' },
    });
    const card =
      body.uid !== undefined
        ? await cards.issue({ patientId: body.patientId, uid: body.uid })
        : await cards.issueAtStation({ patientId: body.patientId, desk: deskOf(body) });
    await auditAccess(req, {
      action: 'create',
      patientIds: [card.patientId],
      resource: { type: 'Card', id: card._id },
    });
    res.status(201).location(`/api/cards/${card._id}`).json(cardView(card));
  });

  router.get('/api/patients/:patientId/cards', async (req, res) => {
    const patientId = parse(ID, req.params.patientId, 'patientId');
    const list = await cards.forPatient(patientId);
    await auditAccess(req, {
      action: 'search',
      patientIds: [patientId],
      resource: { type: 'Card', query: `patient=${patientId}` },
    });
    res.json(list.map(cardView));
  });

  router.post('/api/cards/:cardId/revoke', async (req, res) => {
    const cardId = parse(ID, req.params.cardId, 'cardId');
    const { reason } = parse(revokeBody, req.body ?? {}, 'body');
    const card = await cards.revoke(cardId, `${reason} (${actor(req)})`);
    await auditAccess(req, {
      action: 'update',
      patientIds: [card.patientId],
      resource: { type: 'Card', id: card._id },
    });
    res.json(cardView(card));
  });

  router.post('/api/cards/:cardId/replace', async (req, res) => {
    const cardId = parse(ID, req.params.cardId, 'cardId');
    const body = parse(replaceBody, req.body ?? {}, 'body');
    const reason = `${body.reason} (${actor(req)})`;
    const { old, card } =
      body.uid !== undefined
        ? await cards.replace(cardId, body.uid, reason)
        : await cards.replaceAtStation(cardId, deskOf(body), reason);
    await auditAccess(req, {
      action: 'update',
      patientIds: [card.patientId],
      resource: { type: 'Card', id: old._id },
    });
    res.status(201).json({ old: cardView(old), card: cardView(card) });
  });

  /** Re-keys an active card on a desk station's reader: key version n+1; taps with version n's keys are refused after. */
  router.post('/api/cards/:cardId/rekey', async (req, res) => {
    const cardId = parse(ID, req.params.cardId, 'cardId');
    const body = parse(rekeyBody, req.body ?? {}, 'body');
    const card = await cards.rekey(cardId, deskOf(body), actor(req));
    await auditAccess(req, {
      action: 'update',
      patientIds: [card.patientId],
      resource: { type: 'Card', id: card._id },
    });
    res.json(cardView(card));
  });

  return router;
}
