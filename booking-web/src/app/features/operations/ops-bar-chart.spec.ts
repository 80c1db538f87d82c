import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Chart } from 'chart.js';

import { bvdkFigures, operationsFigures } from '../../../testing/operations-fixtures';
import { type BarChartModel, departmentChart, weekChart } from './operations-charts';
import { OpsBarChart } from './ops-bar-chart';

describe('OpsBarChart', () => {
  let fixture: ComponentFixture<OpsBarChart>;
  const week = { from: '2025-11-24', to: '2025-11-30' };

  async function show(model: BarChartModel): Promise<Chart> {
    TestBed.configureTestingModule({ providers: [{ provide: LOCALE_ID, useValue: 'vi' }] });
    fixture = TestBed.createComponent(OpsBarChart);
    fixture.componentRef.setInput('model', model);
    await fixture.whenStable();
    return drawn();
  }

  function drawn(): Chart {
    const canvas = (fixture.nativeElement as HTMLElement).querySelector('canvas')!;
    const chart = Chart.getChart(canvas);
    if (!chart) throw new Error('no chart drawn');
    return chart;
  }

  afterEach(() => fixture?.destroy());

  it('draws the model as stacked bars, one dataset per status, with its labels and colours', async () => {
    const model = weekChart(bvdkFigures(), week, 'vi');
    const chart = await show(model);

    expect((chart.config as { type?: string }).type).toBe('bar');
    expect(chart.data.labels).toEqual([...model.labels]);
    expect(chart.data.datasets.map((d) => d.label)).toEqual(model.datasets.map((d) => d.label));
    expect(chart.data.datasets[1]!.data).toEqual([20, 50, 30, 0, 0, 0, 0]);
    expect(chart.data.datasets[0]!.backgroundColor).toBe(model.datasets[0]!.color);
    const scales = chart.options.scales as Record<string, { stacked?: unknown }>;
    expect(scales['x']!.stacked).toBeTrue();
    expect(scales['y']!.stacked).toBeTrue();
  });

  it('lays department bars out horizontally, leaving out the empty slots of other hospitals', async () => {
    const figures = operationsFigures();
    const chart = await show(departmentChart(figures.hospitals, figures.day, 'vi'));

    expect(chart.options.indexAxis).toBe('y');
    expect((chart.data.datasets[0] as { skipNull?: boolean }).skipNull).toBeTrue();
    expect(chart.data.datasets[0]!.data).toEqual([37, 23, null, null, null, null]);
  });

  it('names the canvas with the summary and lists the numbers in a folded table beneath it', async () => {
    const model = weekChart(bvdkFigures(), week, 'vi');
    await show(model);
    const element = fixture.nativeElement as HTMLElement;

    expect(element.querySelector('canvas')?.getAttribute('role')).toBe('img');
    expect(element.querySelector('canvas')?.getAttribute('aria-label')).toBe(model.summary);
    expect(element.querySelector('figure')?.getAttribute('aria-labelledby')).toBe(
      element.querySelector('h3')?.id ?? 'missing',
    );
    expect(element.querySelector('details summary')?.textContent?.trim()).toBe(
      'Xem số liệu dạng bảng',
    );
    const head = [...element.querySelectorAll('thead th')].map((th) => th.textContent?.trim());
    expect(head).toEqual([...model.table.head]);
    const rows = [...element.querySelectorAll('tbody tr')].map((row) =>
      [...row.children].map((cell) => cell.textContent?.trim()),
    );
    expect(rows.length).toBe(7);
    expect(rows[0]).toEqual([...model.table.rows[0]!.cells]);
    // Each row is headed by its day, for screen readers reading a cell.
    expect(element.querySelector('tbody tr th')?.getAttribute('scope')).toBe('row');
  });

  it('updates the same chart in place when fresh figures arrive', async () => {
    const first = await show(weekChart(bvdkFigures(), week, 'vi'));
    const fresher = bvdkFigures();
    const monday = fresher.bookings.byDay[0]!;
    const updated = {
      ...fresher,
      bookings: {
        ...fresher.bookings,
        byDay: [{ ...monday, 'checked-in': 31, booked: 19 }, ...fresher.bookings.byDay.slice(1)],
      },
    };

    fixture.componentRef.setInput('model', weekChart(updated, week, 'vi'));
    await fixture.whenStable();

    expect(drawn()).toBe(first);
    expect(first.data.datasets[0]!.data[0]).toBe(31);
    expect(first.data.datasets[1]!.data[0]).toBe(19);
  });
});
