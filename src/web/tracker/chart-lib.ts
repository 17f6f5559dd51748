/**
 * Chartist and its base stylesheet, in their own chunk: imported dynamically by the tracker's chart, so
 * pages without a chart never load it. Colours and line styles are set in styles.css (`.timeline-chart`).
 */
import 'chartist/dist/index.css';

export { FixedScaleAxis, Interpolation, LineChart } from 'chartist';
