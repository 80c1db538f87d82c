import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AgentPresence,
  AvailableSlot,
  Booking,
  BookingRule,
  FeedbackLink,
  HospitalSummary,
  ConsentState,
  PatientSearchResult,
  WaitlistEntry,
} from '@qn/contracts';
import type { Observable } from 'rxjs';

import { API_BASE_URL } from '../../core/api-config';
import type { DepartmentEntry } from '../kiosk/kiosk-types';

export type CardStatus = 'active' | 'replaced' | 'revoked' | 'expired';

/** One change of a card's status, oldest first in `statusHistory`. */
export interface CardStatusChange {
  readonly status: CardStatus;
  /** ISO instant. */
  readonly at: string;
  readonly reason?: string;
}

/**
 * A patient's card as reception sees it (`GET /api/patients/:id/cards`): never its keys. Not in
 * `@qn/contracts` yet, so the shape is written here once for the reception face.
 */
export interface PatientCard {
  /** Printed on the card, e.g. `QN-7K4M-9XTA`. */
  readonly cardId: string;
  /** The chip's 7-byte UID as 14 upper-case hexadecimal digits. */
  readonly uid: string;
  readonly patientId: string;
  readonly status: CardStatus;
  readonly statusHistory: readonly CardStatusChange[];
  readonly keyVersion: number;
  /** Key versions the chip went through (personalised at the desk, re-keyed), oldest first. */
  readonly keyHistory?: readonly CardKeyChange[];
  /** The desk station whose reader personalised the chip. */
  readonly personalisedAt?: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  /** The card this one replaced. */
  readonly replaces?: string;
}

/** One key version of a card's chip, oldest first in `keyHistory`. */
export interface CardKeyChange {
  readonly version: number;
  /** ISO instant. */
  readonly at: string;
  readonly reason: string;
}

/** What `POST /api/cards/:cardId/replace` answers: the old card (now replaced) and the new one. */
export interface CardReplacement {
  readonly old: PatientCard;
  readonly card: PatientCard;
}

/** An administrator's decision to set booking rules aside for one booking, with the reason. */
export interface RuleOverride {
  readonly rules: readonly BookingRule[];
  /** At least 10 characters; kept with the booking. */
  readonly reason: string;
}

export interface SlotQuery {
  /** Department code, e.g. `tim-mach`. */
  readonly department: string;
  /** Null: every hospital, earliest first. */
  readonly hospital: string | null;
  /** First and last local day, `YYYY-MM-DD`. */
  readonly from: string;
  readonly to: string;
  readonly limit: number;
}

/**
 * The reception face's API calls. The receptionist's token is added by the auth interceptor,
 * which also sends the user to sign-in on a 401.
 */
/** What reception types for a new patient (the API's `registrationBody`). */
export interface PatientRegistrationInput {
  readonly fullName: string;
  readonly birthDate: string;
  readonly gender: 'male' | 'female' | 'other' | 'unknown';
  readonly cccd?: string;
  readonly bhyt?: string;
  readonly phone?: string;
  readonly address?: string;
}

/** `POST /api/patients` 201: the patient as search shows them, and where else they are known. */
export interface PatientRegistration {
  readonly patient: PatientSearchResult;
  readonly alsoKnownAt: readonly { readonly id: string; readonly name: string }[];
}

@Injectable({ providedIn: 'root' })
export class ReceptionApi {
  private readonly http = inject(HttpClient);
  private readonly base = inject(API_BASE_URL);

  /** CCCD, BHYT number, phone, birth date (dd/mm/yyyy), MRN, or a name with or without diacritics. */
  searchPatients(query: string): Observable<PatientSearchResult[]> {
    return this.http.get<PatientSearchResult[]>(`${this.base}/api/patients`, {
      params: { q: query },
    });
  }

  /** The patient's bookings that are not over and not cancelled, earliest first. */
  upcomingBookings(patientId: string): Observable<Booking[]> {
    return this.http.get<Booking[]>(
      `${this.base}/api/patients/${encodeURIComponent(patientId)}/bookings`,
      { params: { upcoming: 'true' } },
    );
  }

  hospitals(): Observable<HospitalSummary[]> {
    return this.http.get<HospitalSummary[]>(`${this.base}/api/directory/hospitals`);
  }

  departments(): Observable<DepartmentEntry[]> {
    return this.http.get<DepartmentEntry[]>(`${this.base}/api/directory/departments`);
  }

  availability(query: SlotQuery): Observable<AvailableSlot[]> {
    const params: Record<string, string | number> = {
      from: query.from,
      to: query.to,
      department: query.department,
      limit: query.limit,
    };
    if (query.hospital) params['hospital'] = query.hospital;
    return this.http.get<AvailableSlot[]>(`${this.base}/api/availability`, { params });
  }

  /**
   * Books `slotId` for the patient. `idempotencyKey` names this one attempt: send the same key
   * again only to retry it when its answer was lost, so the retry cannot book twice.
   */
  book(
    slotId: string,
    patientId: string,
    idempotencyKey: string,
    override?: RuleOverride,
  ): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/bookings`,
      override ? { slotId, patientId, override } : { slotId, patientId },
      { headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }) },
    );
  }

  /**
   * Moves a booking to `slotId`: answers the new booking, the old one is cancelled. The same
   * `idempotencyKey` only to retry an attempt whose answer was lost.
   */
  reschedule(bookingId: string, slotId: string, idempotencyKey: string): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/bookings/${encodeURIComponent(bookingId)}/reschedule`,
      { slotId },
      { headers: new HttpHeaders({ 'Idempotency-Key': idempotencyKey }) },
    );
  }

  /** Confirms a held seat (a waitlist offer) into a booking with a queue number. */
  confirmHold(holdId: string): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/holds/${encodeURIComponent(holdId)}/confirm`,
      null,
    );
  }

  /** The patient's waitlist entries, newest first, whatever their status. */
  patientWaitlist(patientId: string): Observable<WaitlistEntry[]> {
    return this.http.get<WaitlistEntry[]>(
      `${this.base}/api/patients/${encodeURIComponent(patientId)}/waitlist`,
    );
  }

  /** Puts the patient on the waitlist of one department of one hospital for the days given. */
  joinWaitlist(
    patientId: string,
    serviceId: string,
    fromDay: string,
    toDay: string,
  ): Observable<WaitlistEntry> {
    return this.http.post<WaitlistEntry>(`${this.base}/api/waitlist`, {
      patientId,
      serviceId,
      fromDay,
      toDay,
    });
  }

  /** Takes the patient off the list; an offered seat goes to the next patient. */
  withdrawWaitlist(entryId: string): Observable<WaitlistEntry> {
    return this.http.post<WaitlistEntry>(
      `${this.base}/api/waitlist/${encodeURIComponent(entryId)}/withdraw`,
      null,
    );
  }

  /** Who waits (and who has an offer) for one department of one hospital, first in line first. */
  waitlistQueue(serviceId: string): Observable<WaitlistEntry[]> {
    return this.http.get<WaitlistEntry[]>(`${this.base}/api/waitlist`, { params: { serviceId } });
  }

  cancel(bookingId: string): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/bookings/${encodeURIComponent(bookingId)}/cancel`,
      null,
    );
  }

  /**
   * One hospital's bookings of one local day (`YYYY-MM-DD`), every status, by department, time
   * and queue number; `department` narrows it to one department code.
   */
  dayList(hospitalId: string, date: string, department?: string): Observable<Booking[]> {
    return this.http.get<Booking[]>(
      `${this.base}/api/hospitals/${encodeURIComponent(hospitalId)}/day-list`,
      { params: department ? { date, department } : { date } },
    );
  }

  /** The patient's decision on sharing their record between the hospitals. */
  consent(patientId: string): Observable<ConsentState> {
    return this.http.get<ConsentState>(
      `${this.base}/api/patients/${encodeURIComponent(patientId)}/consent`,
    );
  }

  /** Records the patient's decision, taken down at the desk from a signed form. */
  setConsent(patientId: string, share: boolean): Observable<ConsentState> {
    return this.http.put<ConsentState>(
      `${this.base}/api/patients/${encodeURIComponent(patientId)}/consent`,
      { share },
    );
  }

  /** Registers a patient new to the desk's hospital (POST /api/patients). */
  registerPatient(input: PatientRegistrationInput): Observable<PatientRegistration> {
    return this.http.post<PatientRegistration>(`${this.base}/api/patients`, input);
  }

  /** A doctor calls the checked-in patient in; calling again answers the first call. */
  markSeen(bookingId: string): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/bookings/${encodeURIComponent(bookingId)}/seen`,
      null,
    );
  }

  /** The patient has arrived. Checking in again answers the same booking. */
  checkIn(bookingId: string): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/bookings/${encodeURIComponent(bookingId)}/check-in`,
      null,
    );
  }

  /**
   * A patient who came without a booking: the first seat of department `serviceId` still open
   * today, checked in at once (201, with the queue number). The desk's own hospital only.
   */
  walkIn(patientId: string, serviceId: string): Observable<Booking> {
    return this.http.post<Booking>(`${this.base}/api/walk-ins`, { patientId, serviceId });
  }

  /** The link (signed by the API) with which the patient rates this visit without signing in. */
  feedbackLink(bookingId: string): Observable<FeedbackLink> {
    return this.http.get<FeedbackLink>(
      `${this.base}/api/feedback/links/${encodeURIComponent(bookingId)}`,
    );
  }

  /** The patient did not come (only once the slot has ended). */
  noShow(bookingId: string): Observable<Booking> {
    return this.http.post<Booking>(
      `${this.base}/api/bookings/${encodeURIComponent(bookingId)}/no-show`,
      null,
    );
  }

  /** The patient's cards, newest first, whatever their status. */
  cards(patientId: string): Observable<PatientCard[]> {
    return this.http.get<PatientCard[]>(
      `${this.base}/api/patients/${encodeURIComponent(patientId)}/cards`,
    );
  }

  /** Registers the chip `uid` (14 hex digits) as a new card of the patient. */
  issueCard(patientId: string, uid: string): Observable<PatientCard> {
    return this.http.post<PatientCard>(`${this.base}/api/cards`, { patientId, uid });
  }

  /** The card-reader stations and whether each is connected now (`GET /api/stations`). */
  stations(): Observable<AgentPresence[]> {
    return this.http.get<AgentPresence[]>(`${this.base}/api/stations`);
  }

  /**
   * Issues the blank card lying on desk station `stationId`'s reader: the station writes its keys
   * and SUN settings, and the card is stored only once that worked. Takes a few seconds.
   */
  issueCardAtDesk(patientId: string, stationId: string): Observable<PatientCard> {
    return this.http.post<PatientCard>(`${this.base}/api/cards`, { patientId, stationId });
  }

  /** Gives the card on desk station `stationId`'s reader new keys (version n+1); the old keys stop working. */
  rekeyCard(cardId: string, stationId: string): Observable<PatientCard> {
    return this.http.post<PatientCard>(
      `${this.base}/api/cards/${encodeURIComponent(cardId)}/rekey`,
      { stationId },
    );
  }

  /** A new card on chip `uid` for the same patient; the old card stops working at once. */
  replaceCard(cardId: string, uid: string, reason: string): Observable<CardReplacement> {
    return this.http.post<CardReplacement>(
      `${this.base}/api/cards/${encodeURIComponent(cardId)}/replace`,
      { uid, reason },
    );
  }

  /** Ends an active card (lost, stolen): every later tap of it is refused. */
  revokeCard(cardId: string, reason: string): Observable<PatientCard> {
    return this.http.post<PatientCard>(
      `${this.base}/api/cards/${encodeURIComponent(cardId)}/revoke`,
      { reason },
    );
  }
}
