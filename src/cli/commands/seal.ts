import type { Command } from 'commander';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { initCrypto } from '../../crypto';
import { AppError } from '../../domain/errors';
import { verifyKeyedSlot, verifyKeylessSlot, type MySlotAnswer } from '../../domain/seal/member-check';
import { generateMemberKey, keyRegistryProblem, memberKeyFile, myRegistrations, parseMemberKeyFile, proveMemberKey, type MemberKeyRegistration } from '../../domain/seal/member-key';
import { expectedKeysFromRegistry, parsePublicSeal, verifySeal, type PublicSeal, type SealCheck } from '../../domain/seal/seal';
import { CLI_ACTOR, type AppContext } from '../../services/context';
import { DEMO_PROCEDURE_ID } from '../../services/demo';
import { listMemberKeys, publishSeal, registerMemberKey, sealAt, sealChain, sealVerifierInputs, verifySeals, type PublicKeyRegistration, type SealVerifierInputs } from '../../services/seals';
import { apiCall, out, resolveServer, withRuntime } from '../shared';

/**
 * Sealed counts and members' keys from the command line (docs/sealed-count.md):
 *   confidence seal publish | seal verify [FILE] [--previous FILE] [--denominator N --threshold T]
 *   confidence member-key generate --roster R --member M --out KEY.json
 *   confidence member-key register KEY.json|REGISTRATION.json
 *   confidence member-key check --key KEY.json --seal SEAL.json --answer MINE.json --wrote yes|no
 */
function readJson(file: string, what: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `cannot read ${what} from ${file}: ${(e as Error).message}`);
  }
}

function report(label: string, v: { ok: boolean; checks: SealCheck[] }): boolean {
  for (const c of v.checks) out(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.step} ${c.detail}`);
  out(`${label}: ${v.ok ? 'valid' : 'INVALID'}`);
  return v.ok;
}

function wholeNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,9}$/.test(value)) throw new AppError('VALIDATION_FAILED', `${flag} must be a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

/** Where `seal verify` reads seals and their inputs: this data folder's database, or a running server's public API. */
interface SealSource {
  chain(procedureId: string): Promise<PublicSeal[]>;
  seal(procedureId: string, seq: number): Promise<PublicSeal>;
  inputs(seal: PublicSeal): Promise<SealVerifierInputs>;
}

function localSeals(ctx: AppContext): SealSource {
  return {
    chain: (id) => sealChain(ctx.db, id),
    seal: (id, seq) => sealAt(ctx.db, id, seq),
    inputs: (seal) => sealVerifierInputs(ctx, seal.procedureId, seal.on),
  };
}

function remoteSeals(server: string): SealSource {
  const get = <T>(path: string) => apiCall<T>(server, 'GET', path, undefined, { auth: 'optional' });
  const proc = (id: string) => `/api/procedures/${encodeURIComponent(id)}`;
  const seal = (id: string, seq: number) => get<PublicSeal>(`${proc(id)}/seals/${seq}`);
  return {
    seal,
    async chain(id) {
      await get(proc(id)); // an unknown procedure is NOT_FOUND, as on the database
      const latest = await get<PublicSeal>(`${proc(id)}/seals/latest`).catch((e: unknown) => {
        if (e instanceof AppError && e.code === 'NOT_FOUND') return null;
        throw e;
      });
      if (!latest) return [];
      const seals: PublicSeal[] = [];
      for (let seq = 1; seq < latest.seq; seq++) seals.push(await seal(id, seq));
      return [...seals, latest];
    },
    async inputs(s) {
      // The electorate the server computes for the stored seal with this number: only usable for the same day.
      const day = await get<{ on: string; electorate: string[]; denominator: number; threshold: number }>(`${proc(s.procedureId)}/seals/${s.seq}/electorate`);
      if (day.on !== s.on) throw new AppError('VALIDATION_FAILED', `the server's seal ${s.seq} is of ${day.on}, not ${s.on}`);
      const { registrations } = await get<{ registrations: PublicKeyRegistration[] }>(`/api/rosters/${encodeURIComponent(s.rosterId)}/member-keys`);
      return { electorate: day.electorate, registry: registrations, denominator: day.denominator, threshold: day.threshold };
    },
  };
}

export function registerSealCommands(program: Command): void {
  const seal = program.command('seal').description('sealed counts: verifiable "threshold reached / not reached" without revealing the count');
  seal
    .command('publish')
    .description('publish a sealed count for the procedure as it stands (acting as the chair)')
    .option('--procedure <id>', 'procedure id', DEMO_PROCEDURE_ID)
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder)')
    .action(async (opts: { procedure: string; server?: string }) => {
      const server = resolveServer(opts.server);
      if (server) {
        const s = await apiCall<{ seq: number; on: string; outcome: string; threshold: number; denominator: number; hash: string }>(server, 'POST', `/api/procedures/${encodeURIComponent(opts.procedure)}/seals`);
        out(`seal ${s.seq} on ${s.on}: threshold ${s.outcome === 'reached' ? 'REACHED' : 'not reached'} (threshold ${s.threshold} of ${s.denominator}); hash ${s.hash} (via ${server})`);
        return;
      }
      await withRuntime(async ({ ctx }) => {
        const s = await publishSeal(ctx, { ...CLI_ACTOR, role: 'chair', label: 'cli (chair)' }, opts.procedure);
        out(`seal ${s.seq} on ${s.on}: threshold ${s.outcome === 'reached' ? 'REACHED' : 'not reached'} (threshold ${s.threshold} of ${s.denominator}); hash ${s.hash}`);
      });
    });
  seal
    .command('verify [file]')
    .description(
      'verify a sealed count from a JSON file (as served at /api/procedures/ID/seals/latest), or every seal of a procedure in the database. ' +
        'The denominator, threshold and member keys are computed from the roster, rulebook and key registry on file; the previous seal is read from --previous or the database.',
    )
    .option('--procedure <id>', 'procedure id (when no file is given)', DEMO_PROCEDURE_ID)
    .option('--previous <file>', 'the previous seal of the procedure (file mode; default: from the database)')
    .option('--denominator <n>', 'override the denominator computed from the roster (file mode)')
    .option('--threshold <t>', 'override the threshold computed from the rulebook (file mode)')
    .option('--server <url>', 'a running Confidence server to read the seals and their inputs from (default: the one serving this data folder); the checks run here')
    .action(async (file: string | undefined, opts: { procedure: string; previous?: string; denominator?: string; threshold?: string; server?: string }) => {
      const server = resolveServer(opts.server);
      // While a server holds the data folder the seals, the electorate of each day and the key registry come from
      // its public API (anonymously); every check still runs here, as it does on the database.
      const withSource = (fn: (src: SealSource) => Promise<void>) => (server ? fn(remoteSeals(server)) : withRuntime(({ ctx }) => fn(localSeals(ctx))));
      let allOk = true;
      if (file) {
        const parsed = parsePublicSeal(readJson(file, 'a seal'));
        const overrideN = wholeNumber(opts.denominator, '--denominator');
        const overrideT = wholeNumber(opts.threshold, '--threshold');
        const fromFile = opts.previous ? parsePublicSeal(readJson(opts.previous, 'the previous seal')) : undefined;
        const check = async (src: SealSource) => {
          await initCrypto();
          const inputs = await src.inputs(parsed).catch(() => null);
          if (!inputs) out(`  note: procedure ${parsed.procedureId} is not in ${server ?? 'this database'}: the roster checks cannot be computed here`);
          let previous: PublicSeal | null | undefined = fromFile;
          if (previous === undefined) previous = parsed.seq === 1 ? null : await src.seal(parsed.procedureId, parsed.seq - 1).catch(() => undefined);
          const keys = inputs ? expectedKeysFromRegistry(parsed.rosterId, inputs.electorate, inputs.registry, parsed.keyRegistrySeq) : { memberKeys: undefined };
          allOk = report(`seal ${parsed.seq} (${parsed.outcome})`, verifySeal(parsed, { denominator: overrideN ?? inputs?.denominator, threshold: overrideT ?? inputs?.threshold, previous, ...keys }));
        };
        await withSource(check);
      } else {
        const chain = async (src: SealSource) => {
          const results = await verifySeals(await src.chain(opts.procedure), (seal) => src.inputs(seal));
          if (results.length === 0) out(`procedure ${opts.procedure} has no sealed count yet`);
          for (const r of results) allOk = report(`seal ${r.seal.seq} on ${r.seal.on} (${r.seal.outcome})`, r) && allOk;
          if (server) out(`(read through ${server}; checked here)`);
        };
        await withSource(chain);
      }
      if (!allOk) throw new AppError('VALIDATION_FAILED', 'a seal failed verification (see FAIL above)');
    });

  const key = program.command('member-key').description('a member\u2019s own key for checking sealed counts (generated on this device; the secret never leaves it)');
  key
    .command('generate')
    .description('generate a key pair and write the key file (keep it secret); prints the public registration to send')
    .requiredOption('--roster <id>', 'your roster id, e.g. commons-2019')
    .requiredOption('--member <id>', 'your member id')
    .requiredOption('--out <file>', 'where to write the key file')
    .option('--force', 'overwrite an existing key file')
    .action(async (opts: { roster: string; member: string; out: string; force?: boolean }) => {
      if (existsSync(opts.out) && !opts.force) throw new AppError('CONFLICT', `${opts.out} exists; pass --force to overwrite it (the old key is lost)`);
      await initCrypto();
      const k = generateMemberKey();
      writeFileSync(opts.out, `${JSON.stringify(memberKeyFile(k, opts.roster, opts.member), null, 2)}\n`, { mode: 0o600 });
      out(`key written to ${opts.out} (secret: keep it on your device)`);
      out(JSON.stringify(proveMemberKey(k, opts.roster, opts.member)));
    });
  key
    .command('register <file>')
    .description('record a member\u2019s public key in the registry (a key file, or the registration JSON printed by generate with --roster/--member)')
    .option('--roster <id>', 'roster id (for a registration JSON)')
    .option('--member <id>', 'member id (for a registration JSON)')
    .option('--server <url>', 'a running Confidence server (default: the one serving this data folder): the key is registered by the logged-in member')
    .action(async (file: string, opts: { roster?: string; member?: string; server?: string }) => {
      const json = readJson(file, 'a key') as Record<string, unknown>;
      await initCrypto();
      let reg: MemberKeyRegistration;
      let rosterId: string;
      let memberId: string;
      if (json && json.format) {
        const kf = parseMemberKeyFile(json);
        reg = proveMemberKey(kf.key, kf.rosterId, kf.memberId);
        rosterId = kf.rosterId;
        memberId = kf.memberId;
      } else {
        if (!opts.roster || !opts.member) throw new AppError('VALIDATION_FAILED', 'a registration JSON needs --roster and --member');
        reg = json as unknown as MemberKeyRegistration;
        rosterId = opts.roster;
        memberId = opts.member;
      }
      const server = resolveServer(opts.server);
      if (server) {
        // Through the server a member registers their own key, logged in as themselves: the API never lets one
        // account put a key in another member's name, so a mismatch is refused here with a clear message.
        const me = await apiCall<{ rosterId: string; memberId: string }>(server, 'GET', '/api/member-key').catch((e: unknown) => {
          if (e instanceof AppError && e.code === 'FORBIDDEN') {
            throw new AppError('FORBIDDEN', `${e.message}. Through ${server} a key is registered by the member who owns it, logged in as themselves (\`confidence login --server ${server} --email …\` with the member's own address); this key is for ${memberId} of ${rosterId}`);
          }
          throw e;
        });
        if (me.rosterId !== rosterId || me.memberId !== memberId) {
          throw new AppError('FORBIDDEN', `you are logged in to ${server} as member ${me.memberId} of ${me.rosterId}; this key is for ${memberId} of ${rosterId}: its owner registers it, logged in as themselves`);
        }
        const r = await apiCall<PublicKeyRegistration>(server, 'PUT', '/api/member-key', reg);
        out(`registered key ${r.publicKey.slice(0, 16)}… for ${memberId} (registry entry ${r.seq}, via ${server})`);
        return;
      }
      await withRuntime(async ({ ctx }) => {
        const r = await registerMemberKey(ctx, CLI_ACTOR, rosterId, memberId, reg);
        out(`registered key ${r.publicKey.slice(0, 16)}… for ${memberId} (registry entry ${r.seq})`);
      });
    });
  key
    .command('registry <keyfiles...>')
    .description(
      'audit the public key registry in your name: every registration for your member id must be one of your key files (current or replaced); ' +
        'a key somebody else registered as you can sign your withdrawal and sit in your sealed-count slot',
    )
    .option('--server <url>', 'a running Confidence server to read the registry from (default: the one serving this data folder)')
    .action(async (files: string[], opts: { server?: string }) => {
      await initCrypto();
      const keys = files.map((f) => parseMemberKeyFile(readJson(f, 'your key')));
      const { rosterId, memberId } = keys[0]!;
      if (keys.some((k) => k.rosterId !== rosterId || k.memberId !== memberId)) throw new AppError('VALIDATION_FAILED', 'the key files are not all for one member of one roster');
      const server = resolveServer(opts.server);
      const registrations: PublicKeyRegistration[] = server
        ? (await apiCall<{ registrations: PublicKeyRegistration[] }>(server, 'GET', `/api/rosters/${encodeURIComponent(rosterId)}/member-keys`, undefined, { auth: 'optional' })).registrations
        : await withRuntime(({ ctx }) => listMemberKeys(ctx.db, rosterId));
      const rewritten = keyRegistryProblem(rosterId, registrations);
      const mine = myRegistrations(registrations, memberId, keys.map((k) => k.publicKey));
      for (const { entry, mine: ok } of mine) out(`  ${ok ? 'ok  ' : 'FAIL'} entry ${entry.seq} (${entry.registeredAt}) key ${entry.publicKey.slice(0, 16)}… ${ok ? 'is one of your keys' : 'is NOT one of your key files: somebody registered it as you'}`);
      if (mine.length === 0) out(`  no key is registered for ${memberId} in ${rosterId}`);
      if (rewritten) out(`  FAIL the registry was rewritten: ${rewritten}`);
      if (rewritten || mine.some((m) => !m.mine)) throw new AppError('VALIDATION_FAILED', `the key registry of ${rosterId} is not what ${memberId} registered (see FAIL above): raise it with the committee`);
      out(`${memberId}: every registration in your name is yours (${mine.length} of ${registrations.length} entries)`);
    });
  key
    .command('check')
    .description('check your slot in a seal with your key (offline): the answer is what /api/procedures/ID/seals/latest/mine returned')
    .requiredOption('--seal <file>', 'the public seal')
    .requiredOption('--answer <file>', 'your slot answer')
    .requiredOption('--wrote <yes|no>', 'whether your letter was in force on the seal\u2019s day')
    .option('--key <file>', 'your key file (omit if you have no key: the fallback check)')
    .option('--member <id>', 'your member id (fallback check without a key)')
    .action(async (opts: { seal: string; answer: string; wrote: string; key?: string; member?: string }) => {
      if (opts.wrote !== 'yes' && opts.wrote !== 'no') throw new AppError('VALIDATION_FAILED', '--wrote must be yes or no');
      const expected = opts.wrote === 'yes' ? 1 : 0;
      const s = parsePublicSeal(readJson(opts.seal, 'a seal'));
      const answer = readJson(opts.answer, 'your slot answer') as MySlotAnswer;
      await initCrypto();
      let ok: boolean;
      if (answer.mode === 'keyed') {
        if (!opts.key) throw new AppError('VALIDATION_FAILED', 'this answer is for a member with a key: pass --key');
        ok = report('your slot', verifyKeyedSlot(s, parseMemberKeyFile(readJson(opts.key, 'your key')).key, answer, expected));
        if (ok) out('This proof convinces you only: you could make one for the other value, so it is no receipt for anyone else.');
      } else {
        const memberId = opts.member ?? (opts.key ? parseMemberKeyFile(readJson(opts.key, 'your key')).memberId : undefined);
        if (!memberId) throw new AppError('VALIDATION_FAILED', 'pass --member for the fallback check');
        ok = report('your slot (fallback, no key)', verifyKeylessSlot(s, memberId, answer, expected));
        if (ok) out('Without a key your opening is a receipt: anyone you show it to can check what your slot holds. Register a key to avoid this.');
      }
      if (!ok) throw new AppError('VALIDATION_FAILED', 'your slot check failed (see FAIL above): raise it with the committee');
    });
}
