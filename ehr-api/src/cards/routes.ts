import express, { Router, type Request, type RequestHandler } from 'express';
import { parseInput } from '../errors/parse-input.js';
import { z } from 'zod';
import { requireRole } from '../auth/middleware.js';
import { auditAccess, auditTarget } from '../audit/audit-log.js';
import type { CardDocument } from './card-model.js';
import type { CardService } from './card-service.js';

const ID = z
  .string()
  .regex(/^[A-Za-z0-9\-.]{1,64}$/, 'an id of 1 to 64 letters, digits, dashes or dots');
const UID = z
  .string()
  .regex(
    /^[0-9A-Fa-f]{14}$/,
    "the chip's 7-byte UID as 14 hexadecimal digits, as the desk reader shows it",
  );
const issueBody = z.object({ patientId: ID, uid: UID }).strict();
const revokeBody = z
  .object({ reason: z.string().trim().min(3, 'say why, e.g. "mất thẻ" (lost)').max(500) })
  .strict();
const replaceBody = z
  .object({ uid: UID, reason: z.string().trim().min(3).max(500).default('thay thẻ') })
  .strict();

const parse = parseInput;

/** What reception sees of a card: never the keys or the tap counter. */
function cardView(card: CardDocument): Record<string, unknown> {
  return {
    cardId: card._id,
    uid: card.uid,
    patientId: card.patientId,
    status: card.status,
    statusHistory: card.statusHistory.map((change) => ({
      status: change.status,
      at: change.at,
      ...(change.reason ? { reason: change.reason } : {}),
    })),
    keyVersion: card.keyVersion,
    issuedAt: card.issuedAt,
    expiresAt: card.expiresAt,
    ...(card.replaces ? { replaces: card.replaces } : {}),
  };
}

/**
 * The card lifecycle at reception (and for administrators): issue a registered chip to a patient,
 * revoke a lost or stolen card in one step, replace a card (the old one stops working at once),
 * and list a patient's cards with their status history. Every change is audited against the patient.
 */
export function cardRoutes(cards: CardService, authenticate: RequestHandler): Router {
  const router = Router();
  router.use(
    ['/api/cards', '/api/patients/:patientId/cards'],
    authenticate,
    requireRole('receptionist', 'admin'),
    express.json({ limit: '4kb', strict: true }),
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
    const card = await cards.issue({ patientId: body.patientId, uid: body.uid });
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
    const { old, card } = await cards.replace(cardId, body.uid, `${body.reason} (${actor(req)})`);
    await auditAccess(req, {
      action: 'update',
      patientIds: [card.patientId],
      resource: { type: 'Card', id: old._id },
    });
    res.status(201).json({ old: cardView(old), card: cardView(card) });
  });

  return router;
}
