/**
 * A QR code of `text` as an SVG data URL: sharp on screen and on a receipt printer. The
 * encoder is loaded on first use, so the kiosk only downloads it when a ticket is shown.
 */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const module = await import('qrcode');
  // `qrcode` is CommonJS: depending on the bundler's interop its API is the namespace itself
  // or its `default` export.
  const qrcode = (module.default as typeof module | undefined) ?? module;
  const svg = await qrcode.toString(text, {
    type: 'svg',
    errorCorrectionLevel: 'M',
    margin: 2,
    color: { dark: '#000000', light: '#ffffff' },
  });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
