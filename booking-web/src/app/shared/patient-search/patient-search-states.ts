import type { PatientSearchResult } from '@qn/contracts';
import {
  EMPTY,
  catchError,
  debounceTime,
  filter,
  map,
  merge,
  of,
  startWith,
  switchMap,
  tap,
  type Observable,
} from 'rxjs';
import { problemText } from '../../core/auth/problem-details';

/** Shorter queries match too many people to be useful, and would load the API for nothing. */
export const MIN_QUERY_LENGTH = 2;

export type SearchState =
  | { readonly kind: 'idle' }
  | { readonly kind: 'searching'; readonly query: string }
  | { readonly kind: 'results'; readonly query: string; readonly results: PatientSearchResult[] }
  | { readonly kind: 'error'; readonly query: string; readonly message: string };

/**
 * The patient search both staff faces use (`GET /api/patients?q=`): a pause in typing searches only
 * when the text changed since the last search, Enter always searches (to refresh), and a newer
 * query cancels the one still running.
 */
export function patientSearchStates(
  typed: Observable<string>,
  submitted: Observable<string>,
  search: (query: string) => Observable<PatientSearchResult[]>,
  debounceMs: number,
  /** The list was put away (a result opened): back to idle, and the same text may search again. */
  cleared: Observable<void> = EMPTY,
): Observable<SearchState> {
  let lastQuery: string | null = null;
  const idleAgain = cleared.pipe(
    tap(() => (lastQuery = null)),
    map((): SearchState => ({ kind: 'idle' })),
  );
  const searches = merge(
    typed.pipe(
      debounceTime(debounceMs),
      map((query) => query.trim()),
      filter((query) => query !== lastQuery),
    ),
    submitted.pipe(map((query) => query.trim())),
  ).pipe(
    tap((query) => (lastQuery = query)),
    switchMap((query) =>
      query.length < MIN_QUERY_LENGTH
        ? of<SearchState>({ kind: 'idle' })
        : search(query).pipe(
            map((results): SearchState => ({ kind: 'results', query, results })),
            catchError((error: unknown) =>
              of<SearchState>({ kind: 'error', query, message: problemText(error) }),
            ),
            startWith<SearchState>({ kind: 'searching', query }),
          ),
    ),
  );
  return merge(searches, idleAgain);
}
