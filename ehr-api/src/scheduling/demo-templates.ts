import { DEMO_HOSPITALS } from '../directory/demo-directory.js';
import type { SchedulingModels } from './models.js';
import type { ScheduleTemplate, TemplateSession } from './template.js';

const WEEKDAYS = [1, 2, 3, 4, 5];

/** Mon–Fri 07:30–11:30 and 13:30–16:30, Saturday morning: the usual outpatient hours of a public hospital. */
export const STANDARD_SESSIONS: TemplateSession[] = [
  ...WEEKDAYS.flatMap((weekday) => [
    { weekday, start: '07:30', end: '11:30' },
    { weekday, start: '13:30', end: '16:30' },
  ]),
  { weekday: 6, start: '07:30', end: '11:30' },
];

/** One template per department of the demo directory (`hs-<hospitalId>-<departmentCode>`). */
export function demoTemplates(): ScheduleTemplate[] {
  return DEMO_HOSPITALS.flatMap((hospital) =>
    hospital.departments.map((department) => ({
      serviceId: `hs-${hospital.id}-${department.code}`,
      hospitalId: hospital.id,
      hospitalName: hospital.name,
      serviceName: department.name,
      departmentCode: department.code,
      directions: department.directions,
      locationId: `loc-${hospital.id}`,
      // The general examination department sees more patients per slot; the laboratory takes short slots.
      slotMinutes: department.code === 'xet-nghiem' ? 10 : 15,
      capacity: department.code === 'kham-benh' ? 6 : 3,
      sessions: STANDARD_SESSIONS,
      active: true,
    })),
  );
}

/** Writes the demo templates; running it again changes nothing. Returns how many were new. */
export async function seedDemoTemplates(
  models: SchedulingModels,
): Promise<{ created: number; total: number }> {
  const templates = demoTemplates();
  let created = 0;
  for (const template of templates) {
    const result = await models.templates.updateOne(
      { serviceId: template.serviceId },
      { $set: template },
      { upsert: true },
    );
    created += result.upsertedCount;
  }
  return { created, total: templates.length };
}
