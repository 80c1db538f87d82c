import { LOCALE_ID } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { LabSeries } from '@qn/contracts';
import { Chart } from 'chart.js';

import { BAI_CHAY, BVDK, sharedRecord } from '../../../testing/doctor-fixtures';
import { hospitalStyle } from './hospital-palette';
import { LabChart } from './lab-chart';

describe('LabChart', () => {
  let fixture: ComponentFixture<LabChart>;

  async function show(series: LabSeries): Promise<Chart> {
    TestBed.configureTestingModule({ providers: [{ provide: LOCALE_ID, useValue: 'vi' }] });
    fixture = TestBed.createComponent(LabChart);
    fixture.componentRef.setInput('series', series);
    fixture.detectChanges();
    await fixture.whenStable();
    const canvas = (fixture.nativeElement as HTMLElement).querySelector('canvas')!;
    const chart = Chart.getChart(canvas);
    if (!chart) throw new Error('no chart drawn');
    return chart;
  }

  afterEach(() => fixture?.destroy());

  const glucose = (): LabSeries => sharedRecord().labSeries[0]!;

  it('draws each hospital as its own set of points, in its colour and shape, on a date axis', async () => {
    const chart = await show(glucose());

    const datasets = chart.data.datasets.filter((d) => d.label !== '__trend');
    expect(datasets.map((d) => d.label)).toEqual([BVDK.name, BAI_CHAY.name]);
    expect(datasets[0]!.borderColor).toBe(hospitalStyle(BVDK.id).ink);
    expect((datasets[1] as { pointStyle?: unknown }).pointStyle).toBe(
      hospitalStyle(BAI_CHAY.id).point,
    );
    expect(datasets[1]!.data.length).toBe(2);
    expect(chart.options.scales?.['x']?.type).toBe('time');
  });

  it('joins all results in time order with one line, whatever the hospital', async () => {
    const chart = await show(glucose());

    const trend = chart.data.datasets.find((d) => d.label === '__trend')!;
    expect((trend.data as { y: number }[]).map((p) => p.y)).toEqual([3.4, 7.8, 4.2]);
  });

  it('shades the reference range as a band', async () => {
    const chart = await show(glucose());

    const annotations = (
      chart.options.plugins as {
        annotation?: {
          annotations?: Record<string, { type: string; yMin?: number; yMax?: number }>;
        };
      }
    ).annotation?.annotations;
    expect(annotations?.['referenceRange']).toEqual(
      jasmine.objectContaining({ type: 'box', yMin: 3.9, yMax: 6.4 }),
    );
  });

  it('draws no band when the series has no reference range', async () => {
    const { referenceLow: _low, referenceHigh: _high, ...noRange } = glucose();
    const chart = await show(noRange);

    const annotations = (chart.options.plugins as { annotation?: { annotations?: object } })
      .annotation?.annotations;
    expect(Object.keys(annotations ?? {})).toEqual([]);
  });

  it('gives the same numbers as a table and a summary for screen readers', async () => {
    await show(glucose());
    const element = fixture.nativeElement as HTMLElement;

    expect(element.querySelector('canvas')?.getAttribute('aria-label')).toBe(
      'Biểu đồ Glucose máu: 3 kết quả, gần nhất 4.2 mmol/L.',
    );
    const rows = [...element.querySelectorAll('tbody tr')].map((row) =>
      [...row.querySelectorAll('td')].map((cell) => cell.textContent!.replace(/\s+/g, ' ').trim()),
    );
    expect(rows).toEqual([
      ['08:40 02/06/2025', '3.4 mmol/L', '↓ Thấp', BVDK.name],
      ['10:00 20/11/2025', '7.8 mmol/L', '↑ Cao', BAI_CHAY.name],
      ['08:10 21/11/2025', '4.2 mmol/L', 'Bình thường', BAI_CHAY.name],
    ]);
    expect(element.textContent).toContain('Khoảng tham chiếu: 3.9–6.4 mmol/L');
  });
});
