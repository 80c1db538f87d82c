import { Directive, ElementRef, afterNextRender, inject } from '@angular/core';

/**
 * Moves keyboard and screen-reader focus to this element once it is rendered: put it on the
 * heading of each new screen or step (with `tabindex="-1"`) so assistive technology reads
 * where the user now is.
 */
@Directive({ selector: '[appAutofocus]', host: { tabindex: '-1' } })
export class Autofocus {
  constructor() {
    const element = inject<ElementRef<HTMLElement>>(ElementRef).nativeElement;
    afterNextRender(() => element.focus({ preventScroll: false }));
  }
}
