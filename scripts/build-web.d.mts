/** Types of scripts/build-web.mjs (plain JavaScript, run by `npm start` before TypeScript is loaded). */
export function webBuildIsCurrent(root?: string): boolean;
export function ensureWebBuilt(options?: {
  force?: boolean;
  log?: (line: string) => void;
  root?: string;
  /** The build itself: bundles the web app under `root`, calling `record` with the path of each file it bundled. */
  bundle?: (root: string, record: (path: string) => void) => Promise<void>;
}): Promise<boolean>;
