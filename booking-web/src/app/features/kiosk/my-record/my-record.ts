import { formatNumber } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  LOCALE_ID,
  computed,
  inject,
  output,
  signal,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';

import { Autofocus } from '../../../shared/autofocus';
import { KioskApi } from '../kiosk-api';
import { problemMessage } from '../problem';
import { AccessHistory } from './access-history';
import { type RecordSummary, type SummaryResult, summarizeRecord } from './record-summary';
import { SharingConsent } from './sharing-consent';
import { Sparkline } from './sparkline';

/** A result as the template shows it: numbers already written the patient's way. */
interface ResultView {
  readonly result: SummaryResult;
  readonly value: string;
  readonly trend: string | null;
  readonly range: string | null;
  readonly sparkline: string;
}

/**
 * "Hồ sơ sức khỏe của tôi": the signed-in patient's own record on the kiosk, summarised for a
 * public screen in large type: the hospitals that know them, recent visits with the diagnosis
 * in words, recent results with a trend and "Cao"/"Thấp" in words, and allergies. Nothing but
 * the patient's own data (no names, record numbers or CCCD), held only by this component: it
 * is destroyed with the session, as every signed-in kiosk screen is. Below it, who has looked at
 * the record (`AccessHistory`), loaded on its own so that either can fail alone.
 */
@Component({
  selector: 'app-my-record',
  imports: [AccessHistory, Autofocus, SharingConsent, Sparkline],
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './my-record.html',
  styleUrl: './my-record.scss',
})
export class MyRecord {
  private readonly api = inject(KioskApi);
  private readonly destroyRef = inject(DestroyRef);
  private readonly locale = inject(LOCALE_ID);

  readonly back = output();
  readonly signOut = output();

  protected readonly summary = signal<RecordSummary | null>(null);
  protected readonly error = signal<string | null>(null);

  protected readonly results = computed<ResultView[]>(
    () => this.summary()?.results.map((result) => this.resultView(result)) ?? [],
  );

  constructor() {
    this.load();
  }

  protected load(): void {
    this.error.set(null);
    this.summary.set(null);
    this.api
      .record()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (record) => this.summary.set(summarizeRecord(record)),
        error: (error: unknown) => this.error.set(problemMessage(error)),
      });
  }

  private number(value: number): string {
    return formatNumber(value, this.locale, '1.0-2');
  }

  private resultView(result: SummaryResult): ResultView {
    const unit = result.unit ?? '';
    const withUnit = (value: string): string => `${value} ${unit}`.trim();
    const previous = result.previous !== null ? withUnit(this.number(result.previous)) : '';
    let trend: string | null = null;
    switch (result.trend) {
      case 'up':
        trend = $localize`:@@kiosk.record.trendUp:Tăng so với lần trước (${previous}:PREVIOUS:)`;
        break;
      case 'down':
        trend = $localize`:@@kiosk.record.trendDown:Giảm so với lần trước (${previous}:PREVIOUS:)`;
        break;
      case 'same':
        trend = $localize`:@@kiosk.record.trendSame:Không đổi so với lần trước`;
        break;
    }

    const low = result.referenceLow !== null ? this.number(result.referenceLow) : null;
    const high = result.referenceHigh !== null ? this.number(result.referenceHigh) : null;
    let range: string | null = null;
    if (low !== null && high !== null) {
      range = $localize`:@@kiosk.record.rangeBoth:Mức bình thường: ${low}:LOW:–${high}:HIGH: ${unit}:UNIT:`;
    } else if (low !== null) {
      range = $localize`:@@kiosk.record.rangeLow:Mức bình thường: từ ${low}:LOW: ${unit}:UNIT:`;
    } else if (high !== null) {
      range = $localize`:@@kiosk.record.rangeHigh:Mức bình thường: đến ${high}:HIGH: ${unit}:UNIT:`;
    }

    const values = withUnit(result.values.map((v) => this.number(v)).join('; '));
    return {
      result,
      value: this.number(result.value),
      trend,
      range: range?.trim() ?? null,
      sparkline: $localize`:@@kiosk.record.sparkline:Các kết quả từ cũ đến mới: ${values}:VALUES:`,
    };
  }
}
