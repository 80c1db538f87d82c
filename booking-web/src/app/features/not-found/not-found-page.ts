import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';

/** Any unknown route. */
@Component({
  selector: 'app-not-found-page',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h1 i18n="@@notFound.title">Không tìm thấy trang</h1>
    <p><a routerLink="/" i18n="@@notFound.home">Về trang chủ</a></p>
  `,
})
export class NotFoundPage {}
