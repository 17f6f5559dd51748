import type { PublicTracker } from './api';
import { formatDay } from '../format';

/**
 * Declarations over time: publicly declared letters and calls to resign, cumulative, with the
 * threshold as a line. The same numbers are in a table for screen readers and for copying.
 */
export function TimelineChart({ timeline, threshold }: { timeline: PublicTracker['timeline']; threshold: number }) {
  if (timeline.length === 0) return <p className="hint">Nothing has been published yet, so there is no timeline.</p>;
  const width = 640;
  const height = 220;
  const pad = { left: 40, right: 16, top: 16, bottom: 32 };
  const first = Date.parse(timeline[0]!.date);
  const last = Date.parse(timeline[timeline.length - 1]!.date);
  const span = Math.max(1, last - first);
  const top = Math.max(threshold, ...timeline.map((p) => Math.max(p.declaredLetters, p.calledToResign)));
  const x = (date: string) => pad.left + ((Date.parse(date) - first) / span) * (width - pad.left - pad.right);
  const y = (n: number) => height - pad.bottom - (n / top) * (height - pad.top - pad.bottom);
  const line = (key: 'declaredLetters' | 'calledToResign') => timeline.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.date).toFixed(1)},${y(p[key]).toFixed(1)}`).join(' ');
  return (
    <figure className="tracker-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="timeline-title timeline-desc" style={{ width: '100%', maxWidth: width, height: 'auto' }}>
        <title id="timeline-title">Public declarations over time</title>
        <desc id="timeline-desc">
          Cumulative publicly declared letters and calls to resign from {formatDay(timeline[0]!.date)} to {formatDay(timeline[timeline.length - 1]!.date)}, against a
          threshold of {threshold} letters. The table below gives the same numbers.
        </desc>
        <line x1={pad.left} x2={width - pad.right} y1={y(threshold)} y2={y(threshold)} stroke="#b3261e" strokeDasharray="6 4" />
        <text x={width - pad.right} y={y(threshold) - 6} textAnchor="end" fontSize="12" fill="#b3261e">
          threshold {threshold}
        </text>
        <line x1={pad.left} x2={pad.left} y1={pad.top} y2={height - pad.bottom} stroke="#666" />
        <line x1={pad.left} x2={width - pad.right} y1={height - pad.bottom} y2={height - pad.bottom} stroke="#666" />
        <text x={pad.left - 6} y={y(0) + 4} textAnchor="end" fontSize="12">0</text>
        <text x={pad.left - 6} y={y(top) + 4} textAnchor="end" fontSize="12">{top}</text>
        <text x={pad.left} y={height - 8} fontSize="12">{formatDay(timeline[0]!.date)}</text>
        <text x={width - pad.right} y={height - 8} textAnchor="end" fontSize="12">{formatDay(timeline[timeline.length - 1]!.date)}</text>
        <path d={line('calledToResign')} fill="none" stroke="#6b4fbb" strokeWidth="2" />
        <path d={line('declaredLetters')} fill="none" stroke="#0b5cad" strokeWidth="3" />
      </svg>
      <figcaption>
        <span style={{ color: '#0b5cad' }}>━</span> publicly declared letters · <span style={{ color: '#6b4fbb' }}>━</span> called on the leader to resign ·{' '}
        <span style={{ color: '#b3261e' }}>┅</span> threshold
      </figcaption>
      <details>
        <summary>The numbers</summary>
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">Cumulative public declarations by day</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Declared letters</th>
                <th scope="col">Called to resign</th>
                <th scope="col">All declarations</th>
              </tr>
            </thead>
            <tbody>
              {timeline.map((p) => (
                <tr key={p.date}>
                  <th scope="row">{formatDay(p.date)}</th>
                  <td>{p.declaredLetters}</td>
                  <td>{p.calledToResign}</td>
                  <td>{p.total}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
