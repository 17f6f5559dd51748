import type { Command } from 'commander';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadCommons2019 } from '../../data/commons-2019';
import { AppError } from '../../domain/errors';
import { checkArticleBytes, extractDeclarations, MAX_ARTICLE_BYTES, type ExtractionResult } from '../../tracker';
import { articleTooLargeMessage } from '../../tracker/input';
import { COMMONS_2019_ROSTER_ID, importCommons2019, loadRoster } from '../../services/roster';
import { CLI_ACTOR } from '../../services/context';
import { DEFAULT_TRACKER, ensureTracker, ingestArticles } from '../../services/tracker';
import { apiCall, note, out, requireIsoDate, resolveServer, withRuntime } from '../shared';

interface ExtractFlags {
  party: string;
  leader: string;
  json?: boolean;
  published?: string;
  outlet?: string;
  verbose?: boolean;
}

/** Reads and checks every file first: one bad file stops the run before anything is extracted. */
export function readArticles(files: string[]): Array<{ file: string; key: string; text: string }> {
  const problems: string[] = [];
  // Files over the size limit are never read; they are named with the API's message and code (ARTICLE_TOO_LARGE).
  const tooLarge: string[] = [];
  const articles: Array<{ file: string; key: string; text: string }> = [];
  const seen = new Set<string>();
  for (const file of files) {
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile()) {
        problems.push(`${file}: not a file`);
        continue;
      }
      size = st.size;
    } catch {
      problems.push(`${file}: cannot be read (no such file or no permission)`);
      continue;
    }
    if (size > MAX_ARTICLE_BYTES) {
      tooLarge.push(`${file}: ${articleTooLargeMessage(size)}`);
      continue;
    }
    const check = checkArticleBytes(readFileSync(file));
    if (!check.ok) {
      problems.push(`${file}: ${check.reason}`);
      continue;
    }
    // Keyed by file name as asked; two files with one name from different folders keep their paths.
    const key = seen.has(basename(file)) ? file : basename(file);
    seen.add(key);
    articles.push({ file, key, text: check.text });
  }
  if (tooLarge.length) {
    throw new AppError('ARTICLE_TOO_LARGE', `nothing was extracted; fix these files first:\n  ${[...tooLarge, ...problems].join('\n  ')}`, { problems: [...tooLarge, ...problems] });
  }
  if (problems.length) {
    throw new AppError('VALIDATION_FAILED', `nothing was extracted; fix these files first:\n  ${problems.join('\n  ')}`, { problems });
  }
  return articles;
}

/** "2022-02-01-aldous.txt": a date in the file name is the publication date when nothing else gives one. */
export function dateInFileName(name: string): string | null {
  const m = /(?:^|[^0-9])((?:19|20)\d\d)-(\d\d)-(\d\d)(?:[^0-9]|$)/.exec(basename(name));
  if (!m) return null;
  const iso = `${m[1]}-${m[2]}-${m[3]}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}

/**
 * The names an ingest stores (shown with every published source, in the public page and exports): the file's own
 * name, never the folders on the editor's machine; a second file of one name gets " (2)" before its extension.
 */
export function storedFileNames(files: readonly string[]): string[] {
  const taken = new Set<string>();
  return files.map((file) => {
    const name = basename(file);
    const dot = name.lastIndexOf('.') > 0 ? name.lastIndexOf('.') : name.length;
    let candidate = name;
    for (let n = 2; taken.has(candidate); n++) candidate = `${name.slice(0, dot)} (${n})${name.slice(dot)}`;
    taken.add(candidate);
    return candidate;
  });
}

interface IngestReport {
  fileName: string;
  status: 'ingested' | 'duplicate';
  published: string | null;
  proposed: number;
  possible: number;
  corroborated: number;
  unresolved: string[];
}

function printReport(r: IngestReport): void {
  if (r.status === 'duplicate') out(`${r.fileName}: already ingested, nothing changed`);
  else out(`${r.fileName}: ${r.proposed} proposed, ${r.possible} possible, ${r.corroborated} added as sources to existing declarations (published ${r.published ?? 'unknown'})`);
  if (r.unresolved.length) out(`  unresolved names (not matched to anyone): ${r.unresolved.join(', ')}`);
}

export function registerTrackerCommands(program: Command): void {
  const tracker = program.command('tracker').description('the public tracker: who has declared what, with sources, from news articles');
  tracker
    .command('ingest')
    .description('extract declarations from articles into the review queue (an editor publishes them)')
    .argument('<files...>', 'article files (plain text or HTML)')
    .option('--tracker <id>', 'tracker id', DEFAULT_TRACKER.id)
    .option('--published <YYYY-MM-DD>', 'publication date, used when the file gives none (a date in the file name, e.g. 2022-02-01-bbc.txt, also works)')
    .option('--outlet <name>', 'outlet, when the file does not say')
    .option('--url <address>', 'the article\u2019s address')
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder)')
    .action(async (files: string[], flags: { tracker: string; published?: string; outlet?: string; url?: string; server?: string }) => {
      if (flags.published) requireIsoDate(flags.published, '--published');
      if (flags.url && !/^https?:\/\//i.test(flags.url)) throw new AppError('VALIDATION_FAILED', '--url must start with http:// or https://');
      // Every file is checked before the database is opened: a bad file means nothing is imported.
      const read = readArticles(files);
      const names = storedFileNames(read.map((a) => a.file));
      const articles = read.map((a, i) => ({ ...a, key: names[i]! }));
      const server = resolveServer(flags.server);
      if (server) {
        // Through the running server as the logged-in editor or chair, one article per request.
        let proposed = 0;
        for (const a of articles) {
          const r = await apiCall<IngestReport>(server, 'POST', `/api/trackers/${encodeURIComponent(flags.tracker)}/articles`, {
            fileName: a.key,
            text: a.text,
            published: flags.published ?? dateInFileName(a.key),
            outlet: flags.outlet ?? null,
            url: flags.url ?? null,
          });
          printReport(r);
          proposed += r.proposed;
        }
        out(`${proposed} declaration(s) await review in tracker ${flags.tracker} (via ${server}).`);
        return;
      }
      await withRuntime(async ({ ctx }) => {
        if (flags.tracker === DEFAULT_TRACKER.id) {
          try {
            await loadRoster(ctx.db, COMMONS_2019_ROSTER_ID);
          } catch {
            note('Importing the bundled 2019 Commons roster (first use)…');
            await importCommons2019(ctx, CLI_ACTOR);
          }
          await ensureTracker(ctx, CLI_ACTOR);
        }
        const reports = await ingestArticles(
          ctx,
          CLI_ACTOR,
          flags.tracker,
          articles.map((a) => ({ fileName: a.key, text: a.text, published: flags.published ?? dateInFileName(a.key), outlet: flags.outlet ?? null, url: flags.url ?? null })),
        );
        for (const r of reports) printReport(r);
        const proposed = reports.reduce((n, r) => n + r.proposed, 0);
        out(`${proposed} declaration(s) await review in tracker ${flags.tracker}.`);
      });
    });
  tracker
    .command('extract')
    .description('print the declarations found in articles (plain text or HTML) without touching the database')
    .argument('<files...>', 'article files')
    .option('--party <code>', 'party code of the leader in question', 'Con')
    .option('--leader <name>', 'the leader in question', 'Boris Johnson')
    .option('--published <YYYY-MM-DD>', 'publication date, used when the file gives none (a date in the file name, e.g. 2022-02-01-bbc.txt, also works)')
    .option('--outlet <name>', 'outlet, when the file does not say')
    .option('--json', 'print one JSON object keyed by file name')
    .option('--verbose', 'with --json: add evidence, confidence and unresolved names')
    .action((files: string[], flags: ExtractFlags) => {
      if (flags.published) requireIsoDate(flags.published, '--published');
      if (!flags.leader.trim()) throw new AppError('VALIDATION_FAILED', '--leader must name the leader');
      const articles = readArticles(files);
      const roster = loadCommons2019();
      const results: Array<{ key: string; result: ExtractionResult }> = articles.map((a) => ({
        key: a.key,
        // The file's own date wins; --published and a date in the file name fill in when it has none.
        result: extractDeclarations(a.text, roster, { party: flags.party, leader: flags.leader, fallbackPublished: flags.published ?? dateInFileName(a.key) }),
      }));
      const item = (d: ExtractionResult['declarations'][number]) => ({
        person: d.person,
        member_id: d.memberId,
        stance: d.stance,
        date: d.date,
        score: d.score,
        quote: d.evidence[0] ?? '',
        // Possible items the context checks sent to the queue say why ("question", "denied-report", …).
        ...(d.demotedBecause ? { demoted_because: d.demotedBecause } : {}),
        ...(flags.verbose ? { evidence: d.evidence, confidence: d.confidence, source: d.source } : {}),
      });
      if (flags.json) {
        const json: Record<string, unknown> = {};
        for (const { key, result } of results) {
          json[key] = {
            published: result.published,
            ...(flags.outlet ? { outlet: flags.outlet } : {}),
            // Proposed (score at or above the high threshold) and possible (for an editor to confirm): same shape.
            declarations: result.declarations.map(item),
            possible: result.possible.map(item),
            ...(flags.verbose ? { unresolved: result.unresolved } : {}),
          };
        }
        out(JSON.stringify(json, null, 2));
        return;
      }
      for (const { key, result } of results) {
        out(`${key}  (published ${result.published ?? 'unknown'}${flags.outlet ? `, ${flags.outlet}` : ''})`);
        if (!result.declarations.length) out('  no declarations');
        for (const d of result.declarations) {
          out(`  ${d.person.padEnd(24)} ${d.stance.padEnd(20)} ${d.date ?? '----------'}  ${d.score.toFixed(2)}`);
          out(`      "${d.evidence[0] ?? ''}"`);
        }
        if (result.possible.length) out(`  possible (for an editor to confirm):`);
        for (const d of result.possible) out(`  ? ${d.person.padEnd(22)} ${d.stance.padEnd(20)} ${d.date ?? '----------'}  ${d.score.toFixed(2)}${d.demotedBecause ? ` (${d.demotedBecause})` : ''}  "${d.evidence[0] ?? ''}"`);
        for (const u of result.unresolved) out(`  unresolved: ${u.text} (${u.reason}${u.candidates.length ? `: ${u.candidates.join(', ')}` : ''})`);
      }
    });
}
