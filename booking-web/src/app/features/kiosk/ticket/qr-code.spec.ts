import { qrCodeDataUrl } from './qr-code';

describe('qrCodeDataUrl', () => {
  it('returns an SVG data URL holding a QR code when given a ticket code', async () => {
    const url = await qrCodeDataUrl('QN-7K3P-9X');
    expect(url).toMatch(/^data:image\/svg\+xml/);
    expect(decodeURIComponent(url)).toContain('<svg');
    expect(decodeURIComponent(url)).toContain('<path');
  });
});
