import { useEffect, useRef } from 'react';
import type { PublicTracker } from './api';
import { formatDay, formatShortDay } from '../format';
import { useT } from '../i18n/I18n';

/**
 * The line chart is drawn by Chartist (docs/decisions/0211-design-foundation.md): a small, maintained SVG
 * chart library, loaded only when a tracker page shows a chart, so no other page pays for it.
 */
const loadChartist = () => import('./chart-lib');

/** Round axis ticks: 0 and up to four steps of 1, 2, 5 × 10ⁿ covering the top value. */
export function ticks(top: number): number[] {
  const raw = Math.max(1, top) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, i) => i * step);
}

/**
 * Declarations over time: publicly declared letters and calls to resign, cumulative, against the threshold
 * line. The lines differ by colour, weight and style (solid, dashed, dotted) and the legend gives each
 * line's last value, so nothing rests on colour alone; the same numbers are in a table beside the chart.
 */
export function TimelineChart({ timeline, threshold }: { timeline: PublicTracker['timeline']; threshold: number }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const empty = timeline.length === 0;
  const peak = Math.max(0, ...timeline.map((p) => Math.max(p.declaredLetters, p.calledToResign)));
  // The scale fits the data, with the threshold drawn when it is in reach, so small numbers are not flat at zero.
  const axis = ticks(Math.max(peak, Math.min(threshold, peak * 3), 4));
  const top = axis[axis.length - 1]!;
  const thresholdShown = threshold <= top;
  const key = JSON.stringify([timeline, threshold]);

  useEffect(() => {
    if (empty || !box.current) return;
    const target = box.current;
    let chart: { detach(): void } | null = null;
    let cancelled = false;
    void loadChartist().then(({ LineChart, FixedScaleAxis, Interpolation }) => {
      if (cancelled) return;
      const at = (date: string) => Date.parse(date);
      const first = at(timeline[0]!.date);
      // One day at least, so a tracker with a single day still has a width.
      const last = Math.max(at(timeline[timeline.length - 1]!.date), first + 86_400_000);
      const series = [
        { name: 'letters', data: timeline.map((p) => ({ x: at(p.date), y: p.declaredLetters })) },
        { name: 'resign', data: timeline.map((p) => ({ x: at(p.date), y: p.calledToResign })) },
        ...(thresholdShown ? [{ name: 'threshold', data: [{ x: first, y: threshold }, { x: last, y: threshold }] }] : []),
      ];
      chart = new LineChart(
        target,
        { series },
        {
          height: '18rem',
          low: 0,
          high: top,
          showPoint: false,
          lineSmooth: Interpolation.step(),
          // Room on the right for the last date's label, which Chartist starts at its tick.
          chartPadding: { top: 16, right: 72, bottom: 8, left: 8 },
          axisX: {
            type: FixedScaleAxis,
            low: first,
            high: last,
            ticks: [first, last],
            labelInterpolationFnc: (v) => formatShortDay(new Date(Number(v)).toISOString().slice(0, 10)),
          },
          axisY: { type: FixedScaleAxis, low: 0, high: top, ticks: axis, onlyInteger: true, offset: 36 },
        },
      );
    });
    return () => {
      cancelled = true;
      chart?.detach();
      target.replaceChildren();
    };
    // The chart is redrawn when the data or the language (for dates) changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, t]);

  if (empty) return <p className="hint">{t('chart.empty')}</p>;
  const end = timeline[timeline.length - 1]!;
  return (
    <div className="chart-and-table">
      <figure className="tracker-chart">
        <p id="timeline-title" className="visually-hidden">
          {t('chart.title')}
        </p>
        <p id="timeline-desc" className="visually-hidden">
          {t('chart.desc', { from: formatDay(timeline[0]!.date), to: formatDay(end.date), threshold, letters: end.declaredLetters, resign: end.calledToResign })}
        </p>
        <div className="timeline-chart" ref={box} role="img" aria-labelledby="timeline-title" aria-describedby="timeline-desc" data-testid="timeline-chart" />
        <figcaption>
          <ul className="chart-legend">
            <li>
              <span className="legend-swatch legend-letters" aria-hidden="true" /> {t('chart.legendLetters')} — <strong>{end.declaredLetters}</strong>
            </li>
            <li>
              <span className="legend-swatch legend-resign" aria-hidden="true" /> {t('chart.legendResign')} — <strong>{end.calledToResign}</strong>
            </li>
            <li>
              {thresholdShown && <span className="legend-swatch legend-threshold" aria-hidden="true" />} {thresholdShown ? t('chart.threshold', { n: threshold }) : t('chart.thresholdAbove', { n: threshold })}
            </li>
          </ul>
        </figcaption>
      </figure>
      <div className="table-wrap chart-table" tabIndex={0} role="region" aria-labelledby="chart-table-caption">
        <table className="table">
          <caption id="chart-table-caption">{t('chart.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('chart.day')}</th>
              <th scope="col">{t('chart.letters')}</th>
              <th scope="col">{t('chart.resign')}</th>
              <th scope="col">{t('chart.all')}</th>
            </tr>
          </thead>
          <tbody>
            {timeline.map((p) => (
              <tr key={p.date}>
                <th scope="row">{formatShortDay(p.date)}</th>
                <td>{p.declaredLetters}</td>
                <td>{p.calledToResign}</td>
                <td>{p.total}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
