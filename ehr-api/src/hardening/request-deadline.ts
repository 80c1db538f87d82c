import type { RequestHandler } from 'express';
import { sendHttpError } from '../errors/error-handler.js';
import { HttpError } from '../errors/http-error.js';
import type { Logger } from '../logger.js';
import { gated } from './admission.js';

/**
 * Answers 503 to a request its work has not answered within `deadlineMs` of being admitted, so
 * no client waits forever whatever a dependency does. The work is not stopped (it may still
 * finish, and a retry with the same Idempotency-Key meets what it did); its late answer is dropped.
 *
 * Needed because a database driver call can wait forever: mongodb 7.8's Connection.writeCommand
 * awaits the socket's 'drain' event, and when the connection is closed from the reading side
 * (the peer closed it, or another error cleaned it up) no 'drain' or 'error' follows. Seen with
 * connections reset under load (faults.int.test.ts); the driver has no overall operation time-out.
 */
export function requestDeadline(deadlineMs: number, logger: Logger): RequestHandler {
  const seconds = Math.round(deadlineMs / 1000);
  return (req, res, next) => {
    if (!gated(req)) {
      next();
      return;
    }
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      res.locals.deadlinePassed = true;
      const requestId =
        typeof req.id === 'string' || typeof req.id === 'number' ? String(req.id) : '';
      logger.warn(
        { requestId, path: req.path, deadlineMs },
        'request not answered within its deadline',
      );
      sendHttpError(
        req,
        res,
        new HttpError({
          status: 503,
          code: 'deadline-exceeded',
          title: 'Not finished in time',
          detail: `Yêu cầu chưa xử lý xong sau ${seconds} giây. Vui lòng thử lại sau ít giây (đặt lịch: gửi lại với cùng Idempotency-Key, sẽ không bị đặt hai lần). / The request was not finished within ${seconds} s. Try again in a few seconds; a booking sent again with the same Idempotency-Key is never made twice.`,
        }),
        requestId,
      );
    }, deadlineMs);
    timer.unref();
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
