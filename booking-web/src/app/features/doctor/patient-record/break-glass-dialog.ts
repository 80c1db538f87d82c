import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  afterRenderEffect,
  computed,
  input,
  output,
  signal,
  viewChild,
} from '@angular/core';

/** The API refuses shorter reasons; a reason must say something a reviewer can check. */
export const MIN_BREAK_GLASS_REASON = 10;

/**
 * Asks for the reason of an emergency ("break-glass") opening of a record the doctor has no
 * treatment relationship with, and says plainly that it is logged and reviewed. A native modal
 * `<dialog>`: it keeps focus inside, and Escape cancels.
 */
@Component({
  selector: 'app-break-glass-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './break-glass-dialog.html',
  styleUrl: './break-glass-dialog.scss',
})
export class BreakGlassDialog {
  readonly open = input(false);
  readonly sending = input(false);
  /** The API's refusal of the last attempt, in words. */
  readonly error = input<string | null>(null);
  readonly confirmed = output<string>();
  readonly cancelled = output<void>();

  private readonly dialog = viewChild.required<ElementRef<HTMLDialogElement>>('dialog');

  protected readonly minLength = MIN_BREAK_GLASS_REASON;
  protected readonly reason = signal('');
  protected readonly tried = signal(false);
  protected readonly length = computed(() => this.reason().trim().length);
  protected readonly tooShort = computed(() => this.length() < MIN_BREAK_GLASS_REASON);

  constructor() {
    afterRenderEffect(() => {
      const dialog = this.dialog().nativeElement;
      if (this.open() && !dialog.open) {
        this.reason.set('');
        this.tried.set(false);
        dialog.showModal();
      } else if (!this.open() && dialog.open) {
        dialog.close();
      }
    });
  }

  protected submit(event: Event): void {
    event.preventDefault();
    this.tried.set(true);
    if (this.tooShort() || this.sending()) return;
    this.confirmed.emit(this.reason().trim());
  }

  /** Escape or the cancel button: keep the dialog's state in step with the parent. */
  protected cancel(event?: Event): void {
    event?.preventDefault();
    this.cancelled.emit();
  }
}
