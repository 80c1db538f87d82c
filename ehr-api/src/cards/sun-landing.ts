import { Router } from 'express';

/** The path of the page a card's SUN URL opens on a phone (`<QN_PUBLIC_URL>/c`). */
export const SUN_LANDING_PATH = '/c';

/*
 * Written as a fixed page rather than an Angular route: a phone that reads the card should get a
 * few hundred bytes at once, not the web app. The page verifies nothing and shows nothing about
 * the card: the SUN message proves a tap only to the kiosk that reads it, and whoever holds a
 * found card must learn nothing from it. Helmet's `Referrer-Policy: no-referrer` keeps the
 * message in the address out of the links' requests.
 */
const PAGE = `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Thẻ khám bệnh tỉnh Quảng Ninh</title>
<style>
body { margin: 0; padding: 1.5rem; font: 1.125rem/1.5 system-ui, sans-serif; color: #0b2540; background: #fff; }
main { max-width: 34rem; margin: 0 auto; }
h1 { font-size: 1.5rem; }
section + section { margin-top: 2rem; padding-top: 1rem; border-top: 1px solid #c5d0dc; }
a { color: #0645ad; }
</style>
</head>
<body>
<main>
<section>
<h1>Thẻ khám bệnh tỉnh Quảng Ninh</h1>
<p>Thẻ này dùng để chạm vào đầu đọc tại ki-ốt và quầy tiếp đón của Bệnh viện Đa khoa tỉnh, Bệnh viện Sản Nhi và Bệnh viện Bãi Cháy: đặt lịch khám, tiếp đón, xem lịch hẹn và hồ sơ của chính mình.</p>
<p>Trên thẻ không có thông tin cá nhân hay bệnh án. Điện thoại đọc thẻ không xem được gì.</p>
<p>Nhặt được thẻ? Xin gửi lại quầy tiếp đón của một trong ba bệnh viện. Mất thẻ? Báo quầy tiếp đón để khóa thẻ ngay.</p>
<p><a href="/vi/">Trang chủ dịch vụ khám bệnh</a></p>
</section>
<section lang="en">
<h2>Quang Ninh patient card</h2>
<p>Tap this card on the reader at a kiosk or reception desk of the three provincial hospitals to book, check in, and see your appointments and your own record.</p>
<p>The card holds no personal or medical data; a phone reading it learns nothing.</p>
<p>Found a card? Please hand it to the reception of any of the three hospitals. Lost yours? Ask reception to block it at once.</p>
<p><a href="/en/">Health services home</a></p>
</section>
</main>
</body>
</html>
`;

export function sunLandingRoutes(): Router {
  const router = Router();
  router.get(SUN_LANDING_PATH, (_req, res) => {
    res.set('Cache-Control', 'no-store').type('html').send(PAGE);
  });
  return router;
}
