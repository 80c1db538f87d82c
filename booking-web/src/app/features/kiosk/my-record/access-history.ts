import {
  ChangeDetectionStrategy,
  Component,
  type OnInit,
  computed,
  inject,
  input,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import type { RecordHospital } from '@qn/contracts';
import { catchError, of } from 'rxjs';

import { isStaffRole, roleLabel } from '../../../core/auth/auth-types';
import { accessActionLabel } from '../../../shared/audit/access-action';
import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { KioskApi } from '../kiosk-api';
import type { HospitalSummary, RecordAccess } from '../kiosk-types';
import { loadState } from '../load-state';

/** A kiosk screen is read standing up: the latest few, as the doctor's panel shows. */
export const ACCESSES_SHOWN = 10;

/** One access as the template shows it: everything already in words. */
interface AccessRow {
  readonly at: string;
  readonly action: string;
  readonly urgent: boolean;
  readonly label: string;
  /** Only when the API names the member of staff. */
  readonly name: string | null;
  /** Role and hospital, e.g. "Bác sĩ — Bệnh viện Bãi Cháy". */
  readonly who: string;
  readonly purpose: string | null;
}

/**
 * "Ai đã xem hồ sơ của bạn": the latest looks at (and changes to) the signed-in patient's record
 * by staff, from the audit log, newest first. Break-glass accesses stand out with an icon, words
 * and the doctor's reason. Loaded on its own, so a failure here leaves the rest of the record.
 */
@Component({
  selector: 'app-access-history',
  imports: [VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './access-history.html',
  styleUrl: './access-history.scss',
})
export class AccessHistory implements OnInit {
  private readonly api = inject(KioskApi);

  /** The hospitals the record knows, to name a hospital the log gives by its code. */
  readonly hospitals = input<readonly RecordHospital[]>([]);

  protected readonly shown = ACCESSES_SHOWN;
  protected readonly log = loadState(() => this.api.recordAccesses(ACCESSES_SHOWN));
  /**
   * Every hospital of the province by code, for a doctor of a hospital that does not hold the
   * record (a break-glass look). Without it a hospital the record knows is still named.
   */
  private readonly directory = toSignal(
    this.api.hospitals().pipe(catchError(() => of<HospitalSummary[]>([]))),
    { initialValue: [] },
  );

  protected readonly rows = computed<readonly AccessRow[] | null>(() => {
    const page = this.log.value();
    if (!page) return null;
    const names = new Map<string, string>([
      ...this.directory().map((h): [string, string] => [h.id, h.name]),
      ...this.hospitals().map((h): [string, string] => [h.id, h.name]),
    ]);
    return page.accesses.slice(0, ACCESSES_SHOWN).map((access) => this.row(access, names));
  });
  protected readonly anyUrgent = computed(() => this.rows()?.some((row) => row.urgent) ?? false);

  ngOnInit(): void {
    this.log.load();
  }

  private row(access: RecordAccess, hospitalNames: ReadonlyMap<string, string>): AccessRow {
    const who = access.who;
    const role = who.role
      ? isStaffRole(who.role)
        ? roleLabel(who.role)
        : who.role
      : $localize`:@@kiosk.record.access.staff:Nhân viên y tế`;
    const hospital = who.hospital ? (hospitalNames.get(who.hospital) ?? who.hospital) : null;
    return {
      at: access.at,
      action: access.action,
      urgent: access.action === 'break-glass',
      label: accessActionLabel(access.action),
      name: who.displayName?.trim() || null,
      who: hospital ? `${role} — ${hospital}` : role,
      purpose: access.purpose?.trim() || null,
    };
  }
}
