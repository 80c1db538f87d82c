import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';

import { AuthService } from './auth-service';
import { type StaffRole, homeFor } from './auth-types';

/**
 * Lets a route open only for a signed-in member of staff with one of `roles`. Nobody signed in:
 * the sign-in page, which comes back here afterwards. Signed in with another role: that role's
 * own face (the API refuses the data anyway; this keeps people out of screens they cannot use).
 */
export function roleGuard(...roles: StaffRole[]): CanActivateFn {
  return (_route, state) => {
    const auth = inject(AuthService);
    const router = inject(Router);
    const user = auth.user();
    if (!user) {
      return router.createUrlTree(['/sign-in'], {
        queryParams: { reason: 'sign-in-required', returnUrl: state.url },
      });
    }
    if (roles.includes(user.role)) return true;
    return router.parseUrl(homeFor(user.role));
  };
}
