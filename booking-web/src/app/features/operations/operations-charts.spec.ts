import {
  BAI_CHAY_ID,
  BVDK_ID,
  SAN_NHI_ID,
  baiChayFigures,
  bvdkFigures,
  operationsFigures,
} from '../../../testing/operations-fixtures';
import { hospitalStyle } from '../../shared/lab-chart/hospital-palette';
import { STATUS_COLORS, departmentChart, ingestionChart, weekChart } from './operations-charts';
import { dayLabel, duration, isCalendarDay, rate, totals, vnToday } from './operations-format';

describe('operations chart models', () => {
  const week = { from: '2025-11-24', to: '2025-11-30' };

  describe('weekChart', () => {
    it('has one bar per day of the week, Monday first, stacked by status from the day counts', () => {
      const chart = weekChart(bvdkFigures(), week, 'vi');

      expect(chart.stacked).toBeTrue();
      expect(chart.horizontal).toBeFalse();
      expect(chart.labels.length).toBe(7);
      expect(chart.labels[0]).toEqual([dayLabel('2025-11-24', 'vi', 'EEE'), '24/11']);
      expect(chart.labels[6]).toEqual([dayLabel('2025-11-30', 'vi', 'EEE'), '30/11']);
      expect(chart.datasets.map((d) => d.key)).toEqual([
        'checked-in',
        'booked',
        'no-show',
        'cancelled',
      ]);
      expect(chart.datasets.map((d) => d.label)).toEqual([
        'Đã tiếp đón',
        'Đã đặt, chưa đến',
        'Không đến',
        'Đã hủy',
      ]);
      expect(chart.datasets[0]!.data).toEqual([30, 0, 0, 0, 0, 0, 0]);
      expect(chart.datasets[1]!.data).toEqual([20, 50, 30, 0, 0, 0, 0]);
      expect(chart.datasets[3]!.data).toEqual([5, 5, 10, 0, 0, 0, 0]);
      expect(chart.datasets[2]!.color).toBe(STATUS_COLORS['no-show']);
    });

    it('lists the same numbers in its table, with the day total, and says the week total in its summary', () => {
      const chart = weekChart(bvdkFigures(), week, 'vi');

      expect(chart.table.head).toEqual([
        'Ngày',
        'Đã tiếp đón',
        'Đã đặt, chưa đến',
        'Không đến',
        'Đã hủy',
        'Tổng',
      ]);
      expect(chart.table.rows[0]!.cells).toEqual([
        dayLabel('2025-11-24', 'vi', 'EEEE dd/MM'),
        '30',
        '20',
        '10',
        '5',
        '65',
      ]);
      expect(chart.table.rows[1]!.cells.slice(1)).toEqual(['0', '50', '0', '5', '55']);
      expect(chart.summary).toBe(
        'Lượt đặt khám của Bệnh viện Đa khoa tỉnh Quảng Ninh theo ngày, tuần 24/11 – 30/11: 140 lượt, không tính 20 lượt đã hủy.',
      );
    });
  });

  describe('departmentChart', () => {
    it('draws one horizontal bar per department, busiest first within each hospital, in the hospital colour', () => {
      const figures = operationsFigures();
      const chart = departmentChart(figures.hospitals, figures.day, 'vi');

      expect(chart.horizontal).toBeTrue();
      const BVDK = 'Bệnh viện Đa khoa tỉnh Quảng Ninh';
      const SAN_NHI = 'Bệnh viện Sản Nhi Quảng Ninh';
      const BAI_CHAY = 'Bệnh viện Bãi Cháy';
      expect(chart.labels).toEqual([
        ['Khoa Khám bệnh', BVDK],
        ['Khoa Nội tổng hợp', BVDK],
        ['Khoa Khám bệnh', SAN_NHI],
        ['Khoa Nhi tổng hợp', SAN_NHI],
        ['Khoa Khám bệnh', BAI_CHAY],
        ['Khoa Da liễu', BAI_CHAY],
      ]);
      expect(chart.datasets.map((d) => d.key)).toEqual([BVDK_ID, SAN_NHI_ID, BAI_CHAY_ID]);
      // Bookings not cancelled; null where the row is another hospital's department.
      expect(chart.datasets[0]!.data).toEqual([37, 23, null, null, null, null]);
      expect(chart.datasets[1]!.data).toEqual([null, null, 15, 10, null, null]);
      expect(chart.datasets[2]!.data).toEqual([null, null, null, null, 15, 0]);
      expect(chart.datasets[2]!.color).toBe(hospitalStyle(BAI_CHAY_ID).ink);
    });

    it('names the hospital of each department in the table, with the counts by status', () => {
      const figures = operationsFigures();
      const chart = departmentChart(figures.hospitals, figures.day, 'vi');

      expect(chart.table.head).toEqual([
        'Khoa',
        'Bệnh viện',
        'Lượt đặt (không tính hủy)',
        'Đã tiếp đón',
        'Đã đặt, chưa đến',
        'Không đến',
        'Đã hủy',
        'Danh sách chờ (hiện tại)',
        'Đang chờ khám',
      ]);
      expect(chart.table.rows[0]).toEqual({
        key: `${BVDK_ID}/kham-benh`,
        cells: [
          'Khoa Khám bệnh',
          'Bệnh viện Đa khoa tỉnh Quảng Ninh',
          '37',
          '20',
          '12',
          '5',
          '3',
          '2',
          '4',
        ],
      });
      expect(chart.table.rows.at(-1)!.cells.slice(0, 3)).toEqual([
        'Khoa Da liễu',
        'Bệnh viện Bãi Cháy',
        '0',
      ]);
      expect(chart.summary).toBe(
        'Lượt đặt khám theo khoa ngày 24/11/2025, 6 khoa; nhiều nhất: Khoa Khám bệnh (Bệnh viện Đa khoa tỉnh Quảng Ninh), 37 lượt.',
      );
    });

    it('names departments alone when the figures are of one hospital', () => {
      const chart = departmentChart([baiChayFigures()], '2025-11-24', 'vi');

      expect(chart.labels).toEqual(['Khoa Khám bệnh', 'Khoa Da liễu']);
    });

    it('says there is no department instead of naming a busiest one when there are none', () => {
      const chart = departmentChart([{ ...baiChayFigures(), departments: [] }], '2025-11-24', 'vi');

      expect(chart.labels).toEqual([]);
      expect(chart.summary).toBe('Chưa có khoa nào có lịch khám ngày 24/11/2025.');
    });
  });

  describe('ingestionChart', () => {
    it('puts loaded, merged and rejected records side by side for each hospital, named', () => {
      const chart = ingestionChart(operationsFigures(), 'vi');

      expect(chart.stacked).toBeFalse();
      expect(chart.labels).toEqual([
        'Bệnh viện Đa khoa tỉnh Quảng Ninh',
        'Bệnh viện Sản Nhi Quảng Ninh',
        'Bệnh viện Bãi Cháy',
      ]);
      expect(chart.datasets.map((d) => [d.label, d.data])).toEqual([
        ['Nạp mới', [1200, 800, 400]],
        ['Hợp nhất', [300, 150, 90]],
        ['Bị từ chối', [12, 0, 7]],
      ]);
      expect(chart.table.rows[0]!.cells).toEqual([
        'Bệnh viện Đa khoa tỉnh Quảng Ninh',
        '1.200',
        '300',
        '12',
        '1.512',
      ]);
      expect(chart.summary).toBe(
        'Bản ghi nhận từ 18/11 đến 24/11: 2.400 nạp mới, 540 hợp nhất, 19 bị từ chối.',
      );
    });

    it('shows the hospital code when the figures carry no name for it', () => {
      const figures = operationsFigures({ hospitals: [] });

      expect(ingestionChart(figures, 'vi').labels).toEqual([BVDK_ID, SAN_NHI_ID, BAI_CHAY_ID]);
    });
  });
});

describe('operations formatting', () => {
  it('writes lead times in minutes, hours or days, whichever reads best', () => {
    expect(duration(null)).toBe('—');
    expect(duration(45)).toBe('45 phút');
    expect(duration(60.4)).toBe('1 giờ');
    expect(duration(185)).toBe('3 giờ 5 phút');
    expect(duration(1440)).toBe('1 ngày');
    expect(duration(1500)).toBe('1 ngày 1 giờ');
    expect(duration(4380)).toBe('3 ngày 1 giờ');
    expect(duration(2870)).toBe('2 ngày');
  });

  it('adds the hospitals up and takes the no-show rate of the sums, not the mean of the rates', () => {
    const sum = totals(operationsFigures().hospitals);

    expect(sum).toEqual({
      bookingsToday: 100,
      bookingsWeek: 188,
      cancelledToday: 8,
      checkedInToday: 50,
      checkedInWeek: 50,
      noShowToday: 15,
      noShowWeek: 15,
      noShowRateToday: 15 / 65,
      noShowRateWeek: 15 / 65,
    });
    expect(rate(sum.noShowRateToday, 'vi')).toBe('23,1%');
    expect(rate(null, 'vi')).toBe('—');
    expect(totals([]).noShowRateToday).toBeNull();
  });

  it('knows the calendar day in Viet Nam, which starts at 17:00 UTC', () => {
    expect(vnToday(Date.parse('2025-11-24T16:59:59Z'))).toBe('2025-11-24');
    expect(vnToday(Date.parse('2025-11-24T17:00:00Z'))).toBe('2025-11-25');
  });

  it('accepts only real calendar days as ?day=', () => {
    expect(isCalendarDay('2025-11-24')).toBeTrue();
    expect(isCalendarDay('2025-02-30')).toBeFalse();
    expect(isCalendarDay('24/11/2025')).toBeFalse();
    expect(isCalendarDay(undefined)).toBeFalse();
  });
});
