import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  LOCALE_ID,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import type { DepartmentSummary } from '@qn/contracts';

import { matchesFolded } from '../../shared/text/fold-vietnamese';
import { addDays, vnDay } from '../kiosk/kiosk-time';
import { BOOKING_LOOKAHEAD_DAYS, type Facility, FacilitiesApi } from './facilities-api';
import { contactHref, googleMapsUrl, openStreetMapUrl, websiteLabel } from './map-links';

/** What "Đặt lịch khám" of one department is doing, said next to its button. */
type SlotLookup = 'looking' | 'none' | 'failed';

/**
 * `/co-so-kham-benh` (public, no sign-in): the three hospitals with address, map links, phone,
 * email and website, and their departments with directions, as a province's city app lists
 * health facilities. Large type for older readers; the department search folds diacritics.
 * "Đặt lịch khám" finds the department's first free time and opens `/dat-lich` with it, which
 * says how to take it (a card at a kiosk or reception: there is no booking on the open web).
 * Everything comes from the API's directory (HAPI FHIR), so an address is changed in one place.
 */
@Component({
  selector: 'app-facilities-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './facilities-page.html',
  styleUrl: './facilities-page.scss',
})
export class FacilitiesPage {
  private readonly api = inject(FacilitiesApi);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);

  /** The English build shows each hospital's English name beneath the Vietnamese one. */
  protected readonly english = !inject(LOCALE_ID).toLowerCase().startsWith('vi');

  protected readonly facilities = signal<readonly Facility[] | null>(null);
  protected readonly failed = signal(false);
  protected readonly query = signal('');
  private readonly lookups = signal<Readonly<Record<string, SlotLookup>>>({});

  protected readonly searching = computed(() => this.query().trim() !== '');

  /** Each hospital with the departments whose names match the search; none hidden without one. */
  protected readonly shown = computed(() => {
    const query = this.query();
    const all = this.facilities() ?? [];
    const matched = all.map((facility) => ({
      facility,
      departments: facility.departments.filter((d) => matchesFolded(d.name, query)),
    }));
    return this.searching() ? matched.filter((m) => m.departments.length > 0) : matched;
  });

  protected readonly found = computed(() =>
    this.shown().reduce((sum, m) => sum + m.departments.length, 0),
  );

  protected readonly lookaheadDays = BOOKING_LOOKAHEAD_DAYS;
  protected readonly osm = openStreetMapUrl;
  protected readonly google = googleMapsUrl;
  protected readonly href = contactHref;
  protected readonly websiteLabel = websiteLabel;

  constructor() {
    this.load();
  }

  protected load(): void {
    this.failed.set(false);
    this.api
      .facilities()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (list) => this.facilities.set(list),
        error: () => this.failed.set(true),
      });
  }

  protected search(value: string): void {
    this.query.set(value);
  }

  protected lookup(serviceId: string): SlotLookup | undefined {
    return this.lookups()[serviceId];
  }

  /** Finds the department's first free time in the coming weeks and opens its booking page. */
  protected book(facility: Facility, department: DepartmentSummary): void {
    if (this.lookup(department.serviceId) === 'looking') return;
    this.setLookup(department.serviceId, 'looking');
    const today = vnDay(Date.now());
    this.api
      .firstFreeSlot(
        facility.id,
        department.code,
        today,
        addDays(today, BOOKING_LOOKAHEAD_DAYS - 1),
      )
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (slot) => {
          if (slot) {
            void this.router.navigate(['/dat-lich'], { queryParams: { slot: slot.slotId } });
          } else {
            this.setLookup(department.serviceId, 'none');
          }
        },
        error: () => this.setLookup(department.serviceId, 'failed'),
      });
  }

  private setLookup(serviceId: string, state: SlotLookup): void {
    this.lookups.update((all) => ({ ...all, [serviceId]: state }));
  }
}
