import { DestroyRef, type Signal, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { Observable } from 'rxjs';

import { problemMessage } from './problem';

/** A value loaded from the API once, with its loading and error state, as signals. */
export interface LoadState<T> {
  readonly value: Signal<T | null>;
  readonly error: Signal<string | null>;
  /** (Re)starts loading; the previous request is abandoned when the component goes away. */
  load(): void;
}

/**
 * Loads `source()` on each `load()` (call it first in `ngOnInit`, once inputs are set) into
 * signals; stops with the calling component. Create it in an injection context.
 */
export function loadState<T>(source: () => Observable<T>): LoadState<T> {
  const destroyRef = inject(DestroyRef);
  const value = signal<T | null>(null);
  const error = signal<string | null>(null);
  const load = (): void => {
    value.set(null);
    error.set(null);
    source()
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe({
        next: (v) => value.set(v),
        error: (e: unknown) => error.set(problemMessage(e)),
      });
  };
  return { value: value.asReadonly(), error: error.asReadonly(), load };
}
