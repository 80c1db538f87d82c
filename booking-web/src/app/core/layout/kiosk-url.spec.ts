import { isKioskUrl } from './kiosk-url';

describe('isKioskUrl', () => {
  it('is true for the kiosk path under the base href of either locale', () => {
    expect(isKioskUrl('/vi/kiosk', 'http://host/vi/')).toBeTrue();
    expect(isKioskUrl('/en/kiosk/', 'http://host/en/')).toBeTrue();
    expect(isKioskUrl('/kiosk', 'http://localhost:4200/')).toBeTrue();
  });

  it('is false for every other page, including paths that only start like the kiosk', () => {
    expect(isKioskUrl('/vi/', 'http://host/vi/')).toBeFalse();
    expect(isKioskUrl('/vi/reception', 'http://host/vi/')).toBeFalse();
    expect(isKioskUrl('/vi/kiosks', 'http://host/vi/')).toBeFalse();
    expect(isKioskUrl('/vi/kiosk/extra', 'http://host/vi/')).toBeFalse();
    expect(isKioskUrl('/en/kiosk', 'http://host/vi/')).toBeFalse();
  });
});
