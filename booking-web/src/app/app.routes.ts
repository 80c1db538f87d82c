import type { Routes } from '@angular/router';

import { roleGuard } from './core/auth/role-guard';

/** Each face is a lazily loaded standalone component; see README "Adding a face". */
export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: $localize`:@@title.home:Trang chủ`,
    loadComponent: () => import('./features/home/home-page').then((m) => m.HomePage),
  },
  {
    path: 'kiosk',
    title: $localize`:@@title.kiosk:Ki-ốt`,
    loadComponent: () => import('./features/kiosk/kiosk-page').then((m) => m.KioskPage),
  },
  {
    path: 'reception',
    title: $localize`:@@title.reception:Lễ tân`,
    canActivate: [roleGuard('receptionist', 'admin')],
    loadComponent: () => import('./features/reception/reception-page').then((m) => m.ReceptionPage),
  },
  {
    path: 'sign-in',
    title: $localize`:@@title.signIn:Đăng nhập`,
    loadComponent: () => import('./features/sign-in/sign-in-page').then((m) => m.SignInPage),
  },
  {
    path: 'doctor',
    title: $localize`:@@title.doctor:Bác sĩ`,
    canActivate: [roleGuard('doctor')],
    loadComponent: () => import('./features/doctor/doctor-page').then((m) => m.DoctorPage),
    children: [
      {
        path: '',
        loadComponent: () =>
          import('./features/doctor/doctor-queue/doctor-queue').then((m) => m.DoctorQueue),
      },
      {
        path: 'patients/:patientId',
        title: $localize`:@@title.patientRecord:Hồ sơ người bệnh`,
        loadComponent: () =>
          import('./features/doctor/patient-record/patient-record').then((m) => m.PatientRecord),
      },
    ],
  },
  {
    path: 'operations',
    title: $localize`:@@title.operations:Số liệu vận hành`,
    canActivate: [roleGuard('admin', 'hospital-it')],
    loadComponent: () =>
      import('./features/operations/operations-page').then((m) => m.OperationsPage),
  },
  {
    // Public, no sign-in; named in Vietnamese because it is the address people will type and share.
    path: 'cong-khai',
    title: $localize`:@@title.publicFigures:Số liệu công khai`,
    loadComponent: () =>
      import('./features/public-figures/public-figures-page').then((m) => m.PublicFiguresPage),
  },
  {
    path: 'feedback',
    title: $localize`:@@title.feedbackQueue:Góp ý của người bệnh`,
    canActivate: [roleGuard('receptionist', 'doctor', 'admin')],
    loadComponent: () => import('./feedback/feedback-queue-page').then((m) => m.FeedbackQueuePage),
  },
  {
    // Public, no sign-in: the link printed (as a QR code) on the ticket, in Vietnamese like /cong-khai.
    path: 'danh-gia/:token',
    title: $localize`:@@title.feedbackLink:Đánh giá lượt khám`,
    loadComponent: () => import('./feedback/feedback-link-page').then((m) => m.FeedbackLinkPage),
  },
  {
    // Public, no sign-in: where the booking links of the published free slots lead (?slot=).
    path: 'dat-lich',
    title: $localize`:@@title.slotLink:Giờ khám còn trống`,
    loadComponent: () => import('./features/slot-link/slot-link-page').then((m) => m.SlotLinkPage),
  },
  {
    // Public, no sign-in: the hospitals, their departments and the way there, in Vietnamese like /cong-khai.
    path: 'co-so-kham-benh',
    title: $localize`:@@title.facilities:Cơ sở khám bệnh`,
    loadComponent: () =>
      import('./features/facilities/facilities-page').then((m) => m.FacilitiesPage),
  },
  {
    path: '**',
    title: $localize`:@@title.notFound:Không tìm thấy trang`,
    loadComponent: () => import('./features/not-found/not-found-page').then((m) => m.NotFoundPage),
  },
];
