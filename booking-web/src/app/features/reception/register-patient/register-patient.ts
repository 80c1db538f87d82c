import { HttpErrorResponse } from '@angular/common/http';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  type ElementRef,
  afterNextRender,
  inject,
  Injector,
  output,
  signal,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import {
  type AbstractControl,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  type ValidationErrors,
  Validators,
} from '@angular/forms';
import type { PatientSearchResult } from '@qn/contracts';

import { isProblemType, problemOf, problemText } from '../../../core/auth/problem-details';
import { ReceptionApi, type PatientRegistration } from '../reception-api';

type Field = 'fullName' | 'birthDate' | 'gender' | 'cccd' | 'bhyt' | 'phone' | 'address';
const FIELDS: readonly Field[] = [
  'fullName',
  'birthDate',
  'gender',
  'cccd',
  'bhyt',
  'phone',
  'address',
];

const compact = (value: string): string => value.replace(/[\s.()-]/g, '');

/** The same forms the API accepts (record/patient-registration.ts), checked before sending. */
function pattern(re: RegExp, normalise: (v: string) => string = compact) {
  return (control: AbstractControl<string>): ValidationErrors | null =>
    !control.value || re.test(normalise(control.value)) ? null : { pattern: true };
}

function notInFuture(control: AbstractControl<string>): ValidationErrors | null {
  return control.value && control.value > new Date().toISOString().slice(0, 10)
    ? { future: true }
    : null;
}

/** What the desk is told for each field the API or the form refuses. */
function fieldMessage(field: Field, kind: 'required' | 'pattern' | 'future' | 'server'): string {
  if (kind === 'required')
    return field === 'gender'
      ? $localize`:@@reception.register.error.genderRequired:Chọn giới tính.`
      : $localize`:@@reception.register.error.required:Trường này bắt buộc.`;
  if (kind === 'future')
    return $localize`:@@reception.register.error.future:Ngày sinh không thể ở tương lai.`;
  switch (field) {
    case 'fullName':
      return $localize`:@@reception.register.error.fullName:Ghi đủ họ và tên, họ trước (ví dụ: Nguyễn Thị Lan); chỉ chữ cái và dấu cách.`;
    case 'cccd':
      return kind === 'server'
        ? $localize`:@@reception.register.error.cccdRules:Số CCCD không khớp với giới tính hoặc năm sinh đã ghi (chữ số thứ 4 cho biết thế kỷ và giới tính, chữ số 5–6 là năm sinh). Kiểm tra lại thẻ.`
        : $localize`:@@reception.register.error.cccd:Số CCCD gồm 12 chữ số.`;
    case 'bhyt':
      return $localize`:@@reception.register.error.bhyt:Số thẻ BHYT gồm 2 chữ cái rồi 13 chữ số (ví dụ: GD4 22 1234567890).`;
    case 'phone':
      return $localize`:@@reception.register.error.phone:Số điện thoại Việt Nam, ví dụ 0912 345 678.`;
    case 'birthDate':
      return $localize`:@@reception.register.error.birthDate:Ngày sinh không hợp lệ.`;
    default:
      return $localize`:@@reception.register.error.other:Giá trị này không hợp lệ.`;
  }
}

type Outcome =
  | { readonly kind: 'registered'; readonly result: PatientRegistration }
  | { readonly kind: 'duplicate'; readonly message: string; readonly patientId: string }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * Registers a patient who is new to the desk's hospital ("Đăng ký người bệnh mới"), after the
 * desk searched and did not find them. The API runs the registration through the same checks
 * and identity matching as the hospitals' own records; the form checks the forms of the numbers
 * first so the desk is told at once, in Vietnamese, which field is wrong. On success the patient
 * opens in the reception panel (to book or issue a card); a CCCD already registered here offers
 * that patient instead.
 */
@Component({
  selector: 'app-register-patient',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './register-patient.html',
  styleUrl: './register-patient.scss',
})
export class RegisterPatient {
  private readonly api = inject(ReceptionApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);

  /** The registered patient (or the one already registered with that CCCD), to open. */
  readonly opened = output<PatientSearchResult>();
  /** The form was closed without registering. */
  readonly closed = output<void>();

  private readonly nameInput = viewChild.required<ElementRef<HTMLInputElement>>('nameInput');

  protected readonly form = inject(NonNullableFormBuilder).group({
    fullName: ['', [Validators.required, pattern(/^[\p{L}\p{M}' .-]{2,120}$/u, (v) => v.trim())]],
    birthDate: ['', [Validators.required, notInFuture]],
    gender: ['', Validators.required],
    cccd: ['', pattern(/^\d{12}$/)],
    bhyt: ['', pattern(/^[A-Z]{2}[1-5]\d{12}$/, (v) => compact(v).toUpperCase())],
    phone: ['', pattern(/^(\+?84|0)\d{9,10}$/)],
    address: [''],
  });
  protected readonly submitted = signal(false);
  protected readonly sending = signal(false);
  protected readonly outcome = signal<Outcome | null>(null);
  /** Refusals the API gave per field (rules only it checks, e.g. CCCD against sex and birth year). */
  protected readonly serverErrors = signal<Partial<Record<Field, string>>>({});

  constructor() {
    afterNextRender(() => this.nameInput().nativeElement.focus(), { injector: this.injector });
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => {
      if (Object.keys(this.serverErrors()).length > 0) this.serverErrors.set({});
    });
  }

  /** The message under a field, once the desk tried to send. */
  protected error(field: Field): string | null {
    const server = this.serverErrors()[field];
    if (server) return server;
    const control = this.form.controls[field];
    if (!this.submitted() || !control.errors) return null;
    if (control.errors['required']) return fieldMessage(field, 'required');
    if (control.errors['future']) return fieldMessage(field, 'future');
    return fieldMessage(field, 'pattern');
  }

  protected submit(): void {
    this.submitted.set(true);
    this.outcome.set(null);
    if (this.form.invalid || this.sending()) {
      this.focusFirstError();
      return;
    }
    const value = this.form.getRawValue();
    const optional = (v: string): string | undefined => (v.trim() ? v.trim() : undefined);
    this.sending.set(true);
    this.api
      .registerPatient({
        fullName: value.fullName.trim(),
        birthDate: value.birthDate,
        gender: value.gender as 'male' | 'female' | 'other',
        ...(optional(value.cccd) ? { cccd: compact(value.cccd) } : {}),
        ...(optional(value.bhyt) ? { bhyt: compact(value.bhyt).toUpperCase() } : {}),
        ...(optional(value.phone) ? { phone: compact(value.phone) } : {}),
        ...(optional(value.address) ? { address: optional(value.address) } : {}),
      })
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (result) => {
          this.sending.set(false);
          this.outcome.set({ kind: 'registered', result });
        },
        error: (error: unknown) => {
          this.sending.set(false);
          this.refused(error);
        },
      });
  }

  protected names(hospitals: readonly { readonly name: string }[]): string {
    return hospitals.map((h) => h.name).join(', ');
  }

  protected open(patient: PatientSearchResult): void {
    this.opened.emit(patient);
  }

  /** "Mở người bệnh này": the patient already registered with this CCCD. */
  protected openExisting(patientId: string): void {
    this.api
      .searchPatients(patientId)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (found) => {
          const patient = found.find((p) => p.patientId === patientId);
          if (patient) this.opened.emit(patient);
        },
        error: (error: unknown) =>
          this.outcome.set({ kind: 'failed', message: problemText(error) }),
      });
  }

  protected close(): void {
    this.closed.emit();
  }

  private refused(error: unknown): void {
    if (isProblemType(error, 'patient-already-registered')) {
      const body = (error as HttpErrorResponse).error as { patientId?: unknown };
      this.outcome.set({
        kind: 'duplicate',
        message: problemText(error),
        patientId: typeof body?.patientId === 'string' ? body.patientId : '',
      });
      return;
    }
    const errors = problemOf(error)?.errors ?? [];
    const byField: Partial<Record<Field, string>> = {};
    for (const e of errors) {
      const field = FIELDS.find((f) => f === e.field);
      if (field) byField[field] = fieldMessage(field, 'server');
    }
    if (Object.keys(byField).length > 0) {
      this.serverErrors.set(byField);
      this.focusFirstError();
      return;
    }
    this.outcome.set({ kind: 'failed', message: problemText(error) });
  }

  private focusFirstError(): void {
    afterNextRender(
      () => {
        const field = FIELDS.find((f) => this.error(f));
        if (field) document.getElementById(`register-${field}`)?.focus();
      },
      { injector: this.injector },
    );
  }
}
