"""Checks a blind-batch spec before its labels are appended: files exist, ids exist, each is a Conservative MP holding
the whip on the declaration's date (data/uk-commons-2019), not the leader, stances valid; prints counts by stance."""
import csv, sys, os, re
root = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', '..'))
mem = {m['member_id']: m for m in csv.DictReader(open(f'{root}/data/uk-commons-2019/members.csv'))}
changes = sorted(csv.DictReader(open(f'{root}/data/uk-commons-2019/changes.csv')), key=lambda c: c['date'])
def con_with_whip(mid, day):
    ok = mem[mid]['party'] == 'Con'
    for c in changes:
        if c['member_id'] != mid or c['date'] > day: continue
        e = c['event']
        if e in ('whip_suspended', 'left_commons'): ok = False
        elif e == 'whip_restored': ok = True
        elif e == 'defected': ok = c['to_party'] == 'Con'
        elif e == 'by_election_won': ok = c['to_party'] == 'Con'
    return ok
STANCES = set('submitted_letter intends_letter withdrew_letter resubmitted_letter denied_letter called_to_resign withdrew_support backs_leader resigned_post defected'.split())
from collections import Counter
cnt = Counter(); n = 0; cur = None; bad = 0; arts = 0
for line in open(sys.argv[1]):
    if not line.strip() or line.startswith('#'): continue
    if not line.startswith(' '):
        f, pub, split, outlet, notes = line.rstrip('\n').split('|'); cur = pub; arts += 1
        p = f'{root}/eval/tracker/{f}'
        if not os.path.exists(p): print('MISSING FILE', f); bad += 1
        else:
            text = open(p).read(); print(f, len(text.split()), 'words')
        continue
    parts = line.split(); mid, st = parts[0], parts[1]; day = parts[2] if len(parts) > 2 else cur
    if mid not in mem: print('  UNKNOWN ID', mid); bad += 1; continue
    if st not in STANCES: print('  BAD STANCE', st); bad += 1
    if mid == 'boris-johnson': print('  LEADER'); bad += 1
    # the defection itself is made by a member who held the whip the day before
    whip_day = day if st != 'defected' else '2022-01-18' if day == '2022-01-19' else day
    if not con_with_whip(mid, whip_day): print('  NOT CON WITH WHIP', mid, day); bad += 1
    if not re.fullmatch(r'2022-\d\d-\d\d', day): print('  BAD DATE', day); bad += 1
    surname = mem[mid]['surname']
    if os.path.exists(p) and surname.lower() not in text.lower(): print('  SURNAME NOT IN TEXT', mid); bad += 1
    cnt[st] += 1; n += 1
print(arts, 'articles', n, 'declarations', 'problems:', bad)
for s, c in cnt.most_common(): print(f'  {s:20} {c:3} {100*c/max(n,1):5.1f}%')
