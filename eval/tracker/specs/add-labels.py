"""Append labelled articles to eval/tracker/labels.json from a compact spec file (one-off helper).
Spec lines:  FILE|published|split|outlet|notes   then indented lines  member-id stance [date]."""
import json, sys
path = 'eval/tracker/labels.json'
data = json.load(open(path))
known = {a['file'] for a in data['articles']}
cur = None
for line in open(sys.argv[1]):
    if not line.strip() or line.startswith('#'): continue
    if not line.startswith(' '):
        f, pub, split, outlet, notes = line.rstrip('\n').split('|')
        cur = {'file': f, 'published': pub, 'outlet': outlet, 'party': 'Con', 'leader': 'Boris Johnson', 'traps': [], 'notes': notes, 'split': split, 'declarations': []}
        if f not in known: data['articles'].append(cur)
        else: cur = None
    elif cur is not None:
        parts = line.split()
        cur['declarations'].append({'member_id': parts[0], 'stance': parts[1], 'date': parts[2] if len(parts) > 2 else cur['published']})
json.dump(data, open(path, 'w'), indent=2, ensure_ascii=False)
open(path, 'a').write('\n')
