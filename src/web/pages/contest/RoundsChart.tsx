import { useEffect, useRef } from 'react';
import type { ContestView } from './api';
import { nameOf } from './ContestParts';
import { ticks } from '../../tracker/TimelineChart';
import { formatNumber } from '../../format';
import { useT } from '../../i18n/I18n';

/** Chartist, in the same lazy chunk as the tracker's chart (docs/decisions/0211-design-foundation.md). */
const loadChartist = () => import('../../tracker/chart-lib');

/** Eight colours, each at least 4.5:1 on white, cycled with four line styles so no two lines rest on colour alone. */
export const SERIES_STYLES = 8;

/**
 * Every candidate's votes round by round, one line each (a line stops when its candidate goes out), drawn
 * by Chartist. The chart is one image to assistive technology, named and described; the legend gives each
 * candidate's latest votes, and the round-by-round table beside it (RoundByRound) holds every number.
 */
export function RoundsChart({ c }: { c: ContestView }) {
  const t = useT();
  const box = useRef<HTMLDivElement>(null);
  const declared = c.rounds.filter((r) => r.result);
  const ids = [...new Set(declared.flatMap((r) => r.candidates))].sort((a, b) => latest(b) - latest(a));
  function latest(id: string): number {
    for (let i = declared.length - 1; i >= 0; i--) {
      const n = declared[i]!.result!.counts[id];
      if (n !== undefined) return n + i * 1e9; // who stayed longest first, then by their last count
    }
    return -1;
  }
  const lastVotes = (id: string) => [...declared].reverse().map((r) => r.result!.counts[id]).find((n) => n !== undefined) ?? 0;
  const peak = Math.max(0, ...declared.flatMap((r) => Object.values(r.result!.counts)));
  const axis = ticks(Math.max(peak, 4));
  const top = axis[axis.length - 1]!;
  const labels = declared.map((r) => t('contest.rounds.title', { n: r.number }));
  const key = JSON.stringify([declared.map((r) => r.result!.counts), labels]);

  useEffect(() => {
    if (declared.length === 0 || !box.current) return;
    const target = box.current;
    let chart: { detach(): void } | null = null;
    let cancelled = false;
    void loadChartist().then(({ LineChart, FixedScaleAxis }) => {
      if (cancelled) return;
      // A single round would sit on the left axis: it is drawn in the middle, after an empty slot.
      const single = declared.length === 1;
      const series = ids.map((id, i) => ({
        name: id,
        className: `rounds-series-${i % SERIES_STYLES}`,
        data: [...(single ? [null] : []), ...declared.map((r) => r.result!.counts[id] ?? null)],
      }));
      chart = new LineChart(
        target,
        { labels: single ? ['', ...labels] : labels, series },
        {
          height: '16rem',
          low: 0,
          high: top,
          showPoint: true,
          lineSmooth: false,
          fullWidth: !single,
          chartPadding: { top: 16, right: 40, bottom: 8, left: 8 },
          axisY: { type: FixedScaleAxis, low: 0, high: top, ticks: axis, onlyInteger: true, offset: 36 },
        },
      );
    });
    return () => {
      cancelled = true;
      chart?.detach();
      target.replaceChildren();
    };
    // Redrawn when the counts or the language (the round labels) change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  if (declared.length === 0) return null;
  const leader = ids[0]!;
  return (
    <figure className="rounds-chart-figure">
      <p id="rounds-chart-title" className="visually-hidden">
        {t('journeys.roundsChart.title')}
      </p>
      <p id="rounds-chart-desc" className="visually-hidden">
        {t('journeys.roundsChart.desc', { rounds: declared.length, leader: nameOf(c, leader), votes: lastVotes(leader) })}
      </p>
      <div className="rounds-chart" ref={box} role="img" aria-labelledby="rounds-chart-title" aria-describedby="rounds-chart-desc" data-testid="rounds-chart" />
      <figcaption>
        <ul className="chart-legend rounds-legend">
          {ids.map((id, i) => (
            <li key={id}>
              <span className={`legend-swatch rounds-swatch-${i % SERIES_STYLES}`} aria-hidden="true" /> {nameOf(c, id)} — <strong>{formatNumber(lastVotes(id))}</strong>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
