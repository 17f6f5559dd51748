#!/usr/bin/env bash
# belenios-mixnet.sh -- Belenios' verifiable shuffle, timed beside bench/mixnet.ts (NOT a test: numbers only).
# A copy of /work/shared/peers/belenios-bench.sh (its documentation follows) with one non-homomorphic question
# (Belenios' mixnet path; in Belenios 2.0 only RFC-3526-2048 can encode it) whose ballots are rankings of 3
# answers, and, after the ballots are verified: EndBallots, three shuffles (trustees 1-3, each timed), EndShuffles
# and a full verify. Summary line: shuffleK_cpu (one mixer's shuffle + proof) and verify_all_cpu.
#   YESBALLOT='[[1,2,3]]' NOBALLOT='[[2,3,1]]' bench/belenios-mixnet.sh 60 RFC-3526-2048
#
# belenios-bench.sh -- reproducible performance anchor using Debian's belenios-tool
# (Belenios 2.0, OCaml + GMP).  Runs a complete referendum-style election
# (one question, answers Yes/No, exactly one to be chosen) with N voters in a
# fresh temporary directory and times each phase separately.
#
# Usage:
#   belenios-bench.sh [N] [GROUP]       N voters (default 1000); GROUP (default auto)
#   belenios-bench.sh --list-groups     print the groups this belenios-tool accepts
#
#   GROUP=auto picks Ed25519 when the installed belenios-tool knows it (Belenios
#   >= 2.1), else BELENIOS-2048 (Belenios' default finite-field group: 2048-bit p,
#   256-bit prime-order subgroup).  RFC-3526-2048 (safe prime, 2047-bit q) also
#   exists in 2.0.
#
# Environment knobs:
#   JOBS=k            parallel ballot-generation processes (default: nproc)
#   TRUSTEES=threshold  3 trustees, 2 needed (default);  TRUSTEES=single: 1 trustee
#   BOARD=auto|tool|py  how ballots are appended to the board (UUID.bel):
#                       tool = one `belenios-tool archive add-event` per ballot
#                              (each call re-indexes the whole archive: O(N^2));
#                       py   = small built-in appender writing the same records
#                              (O(N)); `election verify` re-derives the archive
#                              byte for byte (fsck), so its output is checked.
#                       auto = tool if N <= 2000, else py.
#   SEED=s            seed of the yes/no draw (default 1)
#   KEEP=1            keep the temp dir (path is printed)
#   BELENIOS_TOOL=... path of belenios-tool (default: belenios-tool in PATH)
#
# Output: progress on stderr, and one summary line on stdout, e.g.
#   belenios version=2.0 group=BELENIOS-2048 n=1000 ... result_ok=1
#
# Definitions of the numbers in the summary line:
#   setup_s              credentials + trustee key ceremony + election file + archive init
#   proc_overhead_ms     fixed cost of one belenios-tool run on this election (start,
#                        load archive, parse election, check trustee keys): measured as
#                        `election compute-encrypted-tally` on the empty board
#   gen_wall_s           wall time to generate all N ballots with JOBS processes
#   gen_ms_per_ballot    CPU (user+sys) ms per ballot = single-core cost of one
#                        `election generate-ballot` run (it encrypts, proves, signs,
#                        and then re-checks its own ballot), process overhead included
#   gen_net_ms_per_ballot  gen_ms_per_ballot - proc_overhead_ms
#   board_s              appending the N ballots to UUID.bel (not crypto; see BOARD)
#   verify_s             `election verify` of the board holding N ballots (before tally),
#                        single process, all ballots' proofs + signatures checked
#   verify_ms_per_ballot verify_s*1000/N
#   enc_tally_s          EndBallots + compute-encrypted-tally (+ add-event)
#   pdec_s               all partial decryptions (2 of 3 trustees, or the 1 trustee)
#   result_s             compute-result (checks the partial decryptions, combines)
#   tally_s              enc_tally_s + pdec_s + result_s
#   verify_final_s       `election verify` of the finished board (ballots + tally + result)
#   NB: in belenios-tool 2.0 compute-encrypted-tally, every decrypt and compute-result
#   re-parse and re-check every ballot (they go through the same cast path), so
#   each of them costs about one verify_s.
{ # the whole script is one compound command: bash parses all of it before running,
  # so editing this file while a benchmark runs cannot corrupt that run
set -euo pipefail
export LC_ALL=C
export BELENIOS_USE_URANDOM=1   # as in Belenios' demo scripts (only honoured by debug builds)

BT=${BELENIOS_TOOL:-belenios-tool}
die() { echo "belenios-bench: $*" >&2; exit 1; }
command -v "$BT" >/dev/null 2>&1 || die "belenios-tool not found (apt-get install -y belenios-tool)"
command -v python3 >/dev/null 2>&1 || die "python3 is needed"

CANDIDATE_GROUPS="Ed25519 BELENIOS-2048 RFC-3526-2048"   # all names Belenios 2.0-3.x know

list_groups() {   # probe: a group is available iff generate-trustee-key accepts it
  local d g out=""
  d=$(mktemp -d)
  for g in $CANDIDATE_GROUPS; do
    if (cd "$d" && "$BT" setup generate-trustee-key --group "$g" >/dev/null 2>&1); then
      out="$out $g"
    fi
    rm -f "$d"/*
  done
  rm -rf "$d"
  echo "${out# }"
}

if [[ "${1:-}" == "--list-groups" ]]; then list_groups; exit 0; fi
if [[ "${1:-}" == "-h" || "${1:-}" == "--help" ]]; then awk 'NR > 1 && /^#/ { print; next } NR > 1 { exit }' "$0"; exit 0; fi

N=${1:-1000}
GROUP=${2:-auto}
JOBS=${JOBS:-$(nproc)}
TRUSTEES=${TRUSTEES:-threshold}
BOARD=${BOARD:-auto}
SEED=${SEED:-1}
[[ "$N" =~ ^[0-9]+$ && "$N" -ge 1 ]] || die "N must be a positive integer"

AVAILABLE=$(list_groups)
if [[ "$GROUP" == auto ]]; then
  if [[ " $AVAILABLE " == *" Ed25519 "* ]]; then GROUP=Ed25519; else GROUP=BELENIOS-2048; fi
fi
[[ " $AVAILABLE " == *" $GROUP "* ]] || die "group $GROUP not supported by this belenios-tool (available: $AVAILABLE)"
if [[ "$BOARD" == auto ]]; then if (( N <= 2000 )); then BOARD=tool; else BOARD=py; fi; fi
VERSION=$("$BT" --version | awk '{print $1}')

WORK=$(mktemp -d "${TMPDIR:-/tmp}/belenios-bench.XXXXXX")
on_exit() {
  local rc=$?
  if (( rc != 0 )); then
    echo "belenios-bench: FAILED (rc=$rc); last lines of $WORK/log.txt:" >&2
    tail -n 20 "$WORK/log.txt" >&2 || true
    echo "belenios-bench: work dir kept: $WORK" >&2
  elif [[ "${KEEP:-0}" == 1 ]]; then
    echo "# work dir kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap on_exit EXIT
PRIV=$WORK/priv          # secrets: credentials, trustee keys
PUB=$WORK/pub            # the public board: exactly one UUID.bel
BAL=$WORK/ballots        # generated ballots, one file per voter
LOG=$WORK/log.txt
mkdir -p "$PRIV/creds" "$PUB" "$BAL"
: > "$LOG"

log() { echo "# $*" >&2; }
calc() { python3 -c "import sys; print(('%.' + sys.argv[1] + 'f') % eval(sys.argv[2]))" "$1" "$2"; }

# timed VAR cmd...: runs cmd in this shell (stdout+stderr appended to $LOG) and sets
# VAR_wall (s) and VAR_cpu (user+sys s of the shell and every process cmd started).
timed() {
  local var=$1; shift
  local TIMEFORMAT='%R %U %S' w u s
  { time "$@" >>"$LOG" 2>&1 ; } 2> "$WORK/time.txt"
  read -r w u s < <(tail -n1 "$WORK/time.txt")
  printf -v "${var}_wall" '%s' "$w"
  printf -v "${var}_cpu" '%s' "$(calc 3 "$u+$s")"
}

log "belenios-tool $VERSION; groups available: $AVAILABLE; using group=$GROUP n=$N jobs=$JOBS trustees=$TRUSTEES board=$BOARD"
log "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//') x $(nproc)"

# ---------------------------------------------------------------- 1. setup
cat > "$PRIV/template.json" <<'EOF'
{"description":"Mixnet benchmark","name":"Ranked","questions":[{"type":"NonHomomorphic","value":{"answers":["A","B","C"],"question":"Rank"}}]}
EOF

do_setup() ( # subshell: cd stays local, set -e applies
  cd "$PRIV"
  UUID=$("$BT" setup generate-token)
  echo "$UUID" > uuid.txt
  "$BT" setup generate-credentials --uuid "$UUID" --group "$GROUP" --count "$N"
  mv -- *.pubcreds public_creds.json
  mv -- *.privcreds private_creds.raw
  if [[ $(head -c1 private_creds.raw) == "{" ]]; then   # Belenios >= 2.1: JSON {login: cred}
    python3 -c 'import json,sys; [print(k, v) for k, v in json.load(open(sys.argv[1])).items()]' \
      private_creds.raw > private_creds.txt
  else                                                  # Belenios 2.0: "id cred" lines
    mv private_creds.raw private_creds.txt
  fi
  if [[ "$TRUSTEES" == threshold ]]; then
    tk() { "$BT" setup generate-trustee-key-threshold --group "$GROUP" "$@"; }
    tk --step 1; tk --step 1; tk --step 1
    cat ./*.cert > certs.jsons
    tk --certs certs.jsons --step 2
    local u
    for u in ./*.key; do tk --certs certs.jsons --key "$u" --step 3 --threshold 2; done > polynomials.jsons
    tk --certs certs.jsons --step 4 --polynomials polynomials.jsons
    for u in ./*.key; do tk --certs certs.jsons --key "$u" --step 5 < "${u%.key}.vinput" > "${u%.key}.voutput"; done
    cat ./*.voutput | tk --certs certs.jsons --step 6 --polynomials polynomials.jsons > threshold.json
    : > public_keys.jsons            # no extra "server" key: pure 2-of-3
  else
    "$BT" setup generate-trustee-key --group "$GROUP"
    cat ./*.pubkey > public_keys.jsons
  fi
  "$BT" setup make-trustees
  "$BT" setup make-election --uuid "$UUID" --group "$GROUP" --template template.json
  "$BT" archive init --dir "$PUB" --election election.json --trustees trustees.json --public-creds public_creds.json
)
log "setup: credentials, trustee keys, election"
timed setup do_setup
UUID=$(cat "$PRIV/uuid.txt")
BEL=$PUB/$UUID.bel
[[ -f "$BEL" ]] || die "archive not created"

# voters: split private credentials, draw yes/no
echo "${YESBALLOT:-[[1]]}" > "$PRIV/yes.json"
echo "${NOBALLOT:-[[2]]}" > "$PRIV/no.json"
RANDOM=$SEED
YES=0; NO=0; i=0
while read -r _id cred; do
  i=$((i+1))
  printf '%s\n' "$cred" > "$PRIV/creds/$i"
  if (( RANDOM % 2 == 0 )); then echo yes; YES=$((YES+1)); else echo no; NO=$((NO+1)); fi
done < "$PRIV/private_creds.txt" > "$PRIV/votes.txt"
(( i == N )) || die "expected $N credentials, got $i"
log "votes drawn: yes=$YES no=$NO"

# fixed per-process cost on this election (board still empty)
measure_overhead() { local k; for k in 1 2 3 4 5; do "$BT" election compute-encrypted-tally --dir "$PUB" >/dev/null; done; }
timed ovh measure_overhead
PROC_OVERHEAD_MS=$(calc 1 "$ovh_wall*1000/5")

# ---------------------------------------------------------------- 2a. ballots
# args: "i:yes" / "i:no" pairs; one belenios-tool process per ballot
gen_chunk() {
  local a i
  for a in "$@"; do
    i=${a%%:*}
    "$BT" election generate-ballot --dir "$PUB" --privcred "$PRIV/creds/$i" \
      --ballot "$PRIV/${a#*:}.json" > "$BAL/$i.json" 2>/dev/null
  done
}
export -f gen_chunk
export BT PUB PRIV BAL
CHUNK=$(( N / (JOBS * 4) )); (( CHUNK < 1 )) && CHUNK=1; (( CHUNK > 25 )) && CHUNK=25
do_gen() { paste -d: <(seq 1 "$N") "$PRIV/votes.txt" | xargs -P "$JOBS" -n "$CHUNK" bash -c 'set -e; gen_chunk "$@"' _; }
log "generating $N ballots with $JOBS processes"
timed gen do_gen
for ((i=1; i<=N; i++)); do [[ -s "$BAL/$i.json" ]] || die "ballot $i missing"; done
BALLOT_BYTES=$(( $(cat "$BAL"/*.json | wc -c) / N ))

# ---------------------------------------------------------------- 2b. board
board_tool() {
  local i
  for ((i=1; i<=N; i++)); do
    "$BT" archive add-event --dir "$PUB" --type=Ballot < "$BAL/$i.json"
  done
}
board_py() {
  python3 - "$BEL" "$BAL" "$N" <<'PYEOF'
# Append Ballot events to a Belenios 2.0 archive exactly as
# `belenios-tool archive add-event --type=Ballot` does (src/lib/core/archive.ml,
# src/tool/tool_events.ml): per ballot one data record and one event record.
import hashlib, json, sys
bel, baldir, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
BS = 512
data = open(bel, 'rb').read()
def rec(pos):
    h = data[pos:pos + BS]
    name = h[:h.index(b'\0')].decode()
    size = int(h[124:135].decode(), 8)
    return name, data[pos + BS:pos + BS + size], pos + BS + (size + BS - 1) // BS * BS
name, body, pos = rec(0)
assert name == 'BELENIOS'
ts = int(json.loads(body)['timestamp'])
last = None
while pos < len(data):
    name, body, pos = rec(pos)
    if name.endswith('.event.json'):
        last = body
assert last is not None
ev = json.loads(last)
height = ev['height']
parent = hashlib.sha256(last).hexdigest()
def record(kind, payload):
    hx = hashlib.sha256(payload).hexdigest()
    h = bytearray(BS)
    def put(off, s): h[off:off + len(s)] = s.encode()
    put(0, '%s.%s.json' % (hx, kind)); put(100, '0000644'); put(108, '0000000')
    put(116, '0000000'); put(124, '%011o' % len(payload)); put(136, '%011o' % ts)
    put(148, ' ' * 8); put(156, '0'); put(148, '%06o\0 ' % sum(h))
    pad = (-len(payload)) % BS
    return hx, bytes(h) + payload + b'\0' * pad
out = open(bel, 'ab')
for i in range(1, n + 1):
    b = open('%s/%d.json' % (baldir, i), 'rb').read()
    if b.endswith(b'\n'):
        b = b[:-1]
    assert b'\n' not in b
    bh, r = record('data', b)
    out.write(r)
    height += 1
    e = ('{"parent":"%s","height":%d,"type":"Ballot","payload":"%s"}' % (parent, height, bh)).encode()
    parent, r = record('event', e)
    out.write(r)
out.close()
PYEOF
}
log "appending ballots to the board ($BOARD)"
timed board "board_$BOARD"

# ---------------------------------------------------------------- 2b. verify
log "verifying the board"
timed verify "$BT" election verify --dir "$PUB"

# ---------------------------------------------------------------- 2c. tally

log "shuffle: EndBallots"
"$BT" archive add-event --dir "$PUB" --type=EndBallots < /dev/null >>"$LOG" 2>&1
do_shuffle() { "$BT" election shuffle --dir "$PUB" --trustee-id "$1" > "$WORK/sh$1.out"; }
add_shuffle() { "$BT" archive add-event --dir "$PUB" --type=Shuffle < "$WORK/sh$1.out"; }
for t in 1 2 3; do
  log "shuffle by trustee $t"
  timed sh$t do_shuffle $t
  add_shuffle $t >>"$LOG" 2>&1 || { tail "$LOG" >&2; die "add Shuffle $t"; }
done
"$BT" archive add-event --dir "$PUB" --type=EndShuffles < /dev/null >>"$LOG" 2>&1 || true
log "verify after shuffles"
timed vsh "$BT" election verify --dir "$PUB"
echo "belenios-mixnet version=$VERSION group=$GROUP n=$N verify_ballots_s=$verify_wall verify_ballots_cpu=$verify_cpu shuffle1_wall=$sh1_wall shuffle1_cpu=$sh1_cpu shuffle2_cpu=$sh2_cpu shuffle3_cpu=$sh3_cpu verify_all_wall=$vsh_wall verify_all_cpu=$vsh_cpu"
exit 0

}
