import { ChangeDetectionStrategy, Component, computed, input, output, signal } from '@angular/core';

import { VnTimePipe } from '../../../shared/time/vn-time-pipe';
import { DayStep } from '../booking-wizard/day-step';
import { TimeStep } from '../booking-wizard/time-step';
import type { AvailableSlot, Booking, DepartmentChoice, HospitalChoice } from '../kiosk-types';
import { RescheduleConfirm } from './reschedule-confirm';

export type RescheduleStep = 'day' | 'time' | 'confirm';
const STEPS: readonly RescheduleStep[] = ['day', 'time', 'confirm'];

/**
 * "Đổi giờ": a new day and time for an appointment, at the same department of the same
 * hospital (the booking wizard's day and time steps), then one confirmation that moves it. The
 * old appointment stays until the new one is booked.
 */
@Component({
  selector: 'app-reschedule-wizard',
  imports: [DayStep, TimeStep, RescheduleConfirm, VnTimePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './reschedule-wizard.html',
  styleUrls: ['../booking-wizard/booking-wizard.scss', './reschedule-wizard.scss'],
})
export class RescheduleWizard {
  readonly booking = input.required<Booking>();
  readonly rescheduled = output<Booking>();
  readonly cancelled = output();

  protected readonly step = signal<RescheduleStep>('day');
  protected readonly day = signal<string | null>(null);
  protected readonly slot = signal<AvailableSlot | null>(null);

  protected readonly hospital = computed<HospitalChoice>(() => ({
    id: this.booking().hospitalId,
    name: this.booking().hospitalName,
  }));
  protected readonly department = computed<DepartmentChoice>(() => ({
    code: this.booking().departmentCode,
    name: this.booking().serviceName,
  }));

  protected readonly stepNumber = computed(() => STEPS.indexOf(this.step()) + 1);
  protected readonly stepCount = STEPS.length;

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
