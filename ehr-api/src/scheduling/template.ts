import { isHoliday } from './holidays.js';
import {
  daysBetween,
  isoWeekday,
  localInstant,
  localMinutesOf,
  localDayOf,
  parseClock,
  type LocalDay,
} from './local-time.js';

/** One opening of a department on one weekday, in local wall-clock time. */
export interface TemplateSession {
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** `HH:MM`, Asia/Ho_Chi_Minh. */
  start: string;
  /** `HH:MM`, Asia/Ho_Chi_Minh; `24:00` for midnight at the end of the day. */
  end: string;
}

/** The weekly template of one department (a HealthcareService), with what a booking shows of it. */
export interface ScheduleTemplate {
  serviceId: string;
  hospitalId: string;
  hospitalName: string;
  serviceName: string;
  departmentCode: string;
  /** Where to go, as the patient is told (the HealthcareService comment of the directory). */
  directions: string;
  /** The FHIR Location the department is at. */
  locationId: string;
  slotMinutes: number;
  /** Patients per slot. */
  capacity: number;
  sessions: TemplateSession[];
  active: boolean;
}

export interface SlotTime {
  start: Date;
  end: Date;
}

/** Why a template is not usable, or undefined when it is. */
export function templateProblem(
  template: Pick<ScheduleTemplate, 'slotMinutes' | 'capacity' | 'sessions'>,
): string | undefined {
  if (
    !Number.isInteger(template.slotMinutes) ||
    template.slotMinutes < 5 ||
    template.slotMinutes > 240
  )
    return 'slotMinutes must be a whole number from 5 to 240';
  if (!Number.isInteger(template.capacity) || template.capacity < 1 || template.capacity > 100)
    return 'capacity must be a whole number from 1 to 100';
  for (const session of template.sessions) {
    const start = parseClock(session.start);
    const end = parseClock(session.end);
    if (!Number.isInteger(session.weekday) || session.weekday < 1 || session.weekday > 7)
      return `weekday ${session.weekday} must be 1 (Monday) to 7 (Sunday)`;
    if (start === undefined || end === undefined)
      return `session ${session.start}–${session.end} must be written HH:MM–HH:MM`;
    if (end <= start) return `session ${session.start}–${session.end} ends before it starts`;
  }
  return undefined;
}

/** Slot start minutes (since local midnight) of one session. A last piece shorter than a slot is dropped. */
function sessionStarts(session: TemplateSession, slotMinutes: number): number[] {
  const start = parseClock(session.start);
  const end = parseClock(session.end);
  if (start === undefined || end === undefined) return [];
  const starts: number[] = [];
  for (let t = start; t + slotMinutes <= end; t += slotMinutes) starts.push(t);
  return starts;
}

/**
 * Every slot of a template on the local days `from`..`to` (inclusive), holidays left out, in time
 * order. Slots are computed, never stored: the template is the inventory.
 */
export function expandTemplate(
  template: Pick<ScheduleTemplate, 'slotMinutes' | 'sessions'>,
  from: LocalDay,
  to: LocalDay,
): SlotTime[] {
  const slots: SlotTime[] = [];
  for (const day of daysBetween(from, to)) {
    if (isHoliday(day)) continue;
    const weekday = isoWeekday(day);
    const starts = template.sessions
      .filter((s) => s.weekday === weekday)
      .flatMap((s) => sessionStarts(s, template.slotMinutes));
    for (const minutes of [...new Set(starts)].sort((a, b) => a - b)) {
      slots.push({
        start: localInstant(day, minutes),
        end: localInstant(day, minutes + template.slotMinutes),
      });
    }
  }
  return slots;
}

/** The slot of the template starting at `start`, or why there is none. */
export function slotAt(
  template: Pick<ScheduleTemplate, 'slotMinutes' | 'sessions'>,
  start: Date,
): SlotTime | string {
  const day = localDayOf(start);
  if (isHoliday(day))
    return `${day} is a public holiday: the department takes no bookings that day`;
  const minutes = localMinutesOf(start);
  const weekday = isoWeekday(day);
  const fits = template.sessions.some(
    (s) => s.weekday === weekday && sessionStarts(s, template.slotMinutes).includes(minutes),
  );
  if (!fits || start.getUTCSeconds() !== 0 || start.getUTCMilliseconds() !== 0)
    return 'the department has no slot starting at that time';
  return { start, end: new Date(start.getTime() + template.slotMinutes * 60_000) };
}
