import type { PublicTracker } from './api';
import { formatDay, formatShortDay } from '../format';
import { useT } from '../i18n/I18n';

/** Colours told apart by hue, lightness and line style, each ≥ 4.5:1 on white: a blue line, an orange dashed one, a red threshold. */
const LETTERS = '#0b4f9c';
const RESIGN = '#a04a00';
const THRESHOLD = '#b3261e';

/** Round axis ticks: 0 and up to four steps of 1, 2, 5 × 10ⁿ covering the top value. */
function ticks(top: number): number[] {
  const raw = Math.max(1, top) / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  return Array.from({ length: Math.ceil(top / step) + 1 }, (_, i) => i * step);
}

/**
 * Declarations over time: publicly declared letters and calls to resign, cumulative, against the threshold
 * line, labelled at the line ends (not by colour alone). The same numbers are in a table beside it.
 */
export function TimelineChart({ timeline, threshold }: { timeline: PublicTracker['timeline']; threshold: number }) {
  const t = useT();
  if (timeline.length === 0) return <p className="hint">{t('chart.empty')}</p>;
  const width = 720;
  const height = 320;
  const pad = { left: 44, right: 150, top: 20, bottom: 40 };
  const first = Date.parse(timeline[0]!.date);
  const last = Date.parse(timeline[timeline.length - 1]!.date);
  const span = Math.max(1, last - first);
  const peak = Math.max(...timeline.map((p) => Math.max(p.declaredLetters, p.calledToResign)));
  // The scale fits the data, with the threshold drawn when it is in reach, so small numbers are not flat at zero.
  const axis = ticks(Math.max(peak, Math.min(threshold, peak * 3), 4));
  const top = axis[axis.length - 1]!;
  const x = (date: string) => pad.left + ((Date.parse(date) - first) / span) * (width - pad.left - pad.right);
  const y = (n: number) => height - pad.bottom - (n / top) * (height - pad.top - pad.bottom);
  const line = (key: 'declaredLetters' | 'calledToResign') => timeline.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.date).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  const end = timeline[timeline.length - 1]!;
  const thresholdShown = threshold <= top;
  return (
    <div className="chart-and-table">
      <figure className="tracker-chart">
        <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="timeline-title timeline-desc">
          <title id="timeline-title">{t('chart.title')}</title>
          <desc id="timeline-desc">
            {t('chart.desc', { from: formatDay(timeline[0]!.date), to: formatDay(end.date), threshold, letters: end.declaredLetters, resign: end.calledToResign })}
          </desc>
          {axis.map((v) => (
            <g key={v}>
              <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#d0d5dc" />
              <text x={pad.left - 8} y={y(v) + 5} textAnchor="end" fontSize="14" fill="#333">
                {v}
              </text>
            </g>
          ))}
          {thresholdShown ? (
            <>
              <line x1={pad.left} x2={width - pad.right} y1={y(threshold)} y2={y(threshold)} stroke={THRESHOLD} strokeWidth="2" strokeDasharray="2 4" />
              <text x={width - pad.right + 8} y={y(threshold) + 5} fontSize="14" fill={THRESHOLD}>
                {t('chart.threshold', { n: threshold })}
              </text>
            </>
          ) : (
            <text x={pad.left + 4} y={pad.top} fontSize="14" fill={THRESHOLD}>
              {t('chart.thresholdAbove', { n: threshold })}
            </text>
          )}
          <line x1={pad.left} x2={width - pad.right} y1={height - pad.bottom} y2={height - pad.bottom} stroke="#333" />
          <text x={pad.left} y={height - 12} fontSize="14" fill="#333">
            {formatShortDay(timeline[0]!.date)}
          </text>
          <text x={width - pad.right} y={height - 12} textAnchor="end" fontSize="14" fill="#333">
            {formatShortDay(end.date)}
          </text>
          <path d={line('calledToResign')} fill="none" stroke={RESIGN} strokeWidth="3" strokeDasharray="8 5" />
          <path d={line('declaredLetters')} fill="none" stroke={LETTERS} strokeWidth="4" />
          <text x={width - pad.right + 8} y={y(end.declaredLetters) + 5} fontSize="14" fontWeight="bold" fill={LETTERS}>
            {t('chart.lettersLabel', { n: end.declaredLetters })}
          </text>
          <text x={width - pad.right + 8} y={y(end.calledToResign) + (Math.abs(y(end.calledToResign) - y(end.declaredLetters)) < 18 ? 22 : 5)} fontSize="14" fill={RESIGN}>
            {t('chart.resignLabel', { n: end.calledToResign })}
          </text>
        </svg>
        <figcaption>
          <span className="legend-swatch legend-letters" aria-hidden="true" /> {t('chart.legendLetters')} ·{' '}
          <span className="legend-swatch legend-resign" aria-hidden="true" /> {t('chart.legendResign')} ·{' '}
          <span className="legend-swatch legend-threshold" aria-hidden="true" /> {t('chart.legendThreshold')}
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
