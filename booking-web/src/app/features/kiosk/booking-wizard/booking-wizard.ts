import { ChangeDetectionStrategy, Component, computed, output, signal } from '@angular/core';

import type { AvailableSlot, Booking, DepartmentChoice, HospitalChoice } from '../kiosk-types';
import { ConfirmStep } from './confirm-step';
import { DayStep } from './day-step';
import { DepartmentStep } from './department-step';
import { HospitalStep } from './hospital-step';
import { TimeStep } from './time-step';

export type WizardStep = 'hospital' | 'department' | 'day' | 'time' | 'confirm';
const STEPS: readonly WizardStep[] = ['hospital', 'department', 'day', 'time', 'confirm'];

/**
 * Booking, one question per screen: hospital → department → day → time → confirm. The
 * choices live here, so leaving the wizard (or the session ending) forgets them. The confirm
 * step holds the seat while the patient decides; at one chosen hospital a full day leads to its
 * waitlist instead.
 */
@Component({
  selector: 'app-booking-wizard',
  imports: [HospitalStep, DepartmentStep, DayStep, TimeStep, ConfirmStep],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './booking-wizard.html',
  styleUrl: './booking-wizard.scss',
})
export class BookingWizard {
  readonly booked = output<Booking>();
  readonly cancelled = output();

  protected readonly step = signal<WizardStep>('hospital');
  protected readonly hospital = signal<HospitalChoice | null>(null);
  protected readonly department = signal<DepartmentChoice | null>(null);
  protected readonly day = signal<string | null>(null);
  protected readonly slot = signal<AvailableSlot | null>(null);

  protected readonly stepNumber = computed(() => STEPS.indexOf(this.step()) + 1);
  protected readonly stepCount = STEPS.length;

  protected chooseHospital(choice: HospitalChoice): void {
    this.hospital.set(choice);
    this.step.set('department');
  }

  protected chooseDepartment(choice: DepartmentChoice): void {
    this.department.set(choice);
    this.step.set('day');
  }

  protected chooseDay(day: string): void {
    this.day.set(day);
    this.step.set('time');
  }

  protected chooseSlot(slot: AvailableSlot): void {
    this.slot.set(slot);
    this.step.set('confirm');
  }

  protected back(): void {
    const index = STEPS.indexOf(this.step());
    if (index === 0) this.cancelled.emit();
    else this.step.set(STEPS[index - 1]!);
  }
}
