#!/usr/bin/env python3
"""Brings two trace folders to a common form before `compare-traces.py` (shared/tools/peer-anvil) compares them.

Usage: normalise-anvil-traces.py SRC DST

Copies every `<block>.calltrace.json` / `<block>.prestate-diff.json` of SRC into DST with the two points where
anvil 1.7.1 departs from geth's callTracer written out of both sides (docs/ANALYSTS.md, "Against anvil"):
  - a log's `index`: geth numbers logs within the block (the receipt's logIndex), anvil within the transaction;
    the field is removed (compare-traces.py compares it only when both sides carry it, T6);
  - logs of a failed frame: geth drops them (and its children's), anvil keeps them in a failed top frame;
    they are removed.
Our own output (`refine --rule call-traces,state-diff --out DIR`) is named `<block>.call-traces.json` and
`<block>.state-diff.json`: give SRC a folder of those and they are renamed to the peer's names.
"""
import json
import os
import sys


def normalise(frame, failed=False):
    failed = failed or bool(frame.get('error'))
    if failed:
        frame.pop('logs', None)
    for log in frame.get('logs', []):
        log.pop('index', None)
    for child in frame.get('calls', []):
        normalise(child, failed)


RENAME = {'.call-traces.json': '.calltrace.json', '.state-diff.json': '.prestate-diff.json'}


def main(src, dst):
    os.makedirs(dst, exist_ok=True)
    for name in sorted(os.listdir(src)):
        target = name
        for ours, theirs in RENAME.items():
            if name.endswith(ours) and name[: -len(ours)].isdigit():
                target = name[: -len(ours)] + theirs
        if not (target.endswith('.calltrace.json') or target.endswith('.prestate-diff.json')):
            continue
        with open(os.path.join(src, name)) as f:
            entries = json.load(f)
        if target.endswith('.calltrace.json'):
            for e in entries:
                if e.get('result'):
                    normalise(e['result'])
        with open(os.path.join(dst, target), 'w') as f:
            json.dump(entries, f)


if __name__ == '__main__':
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
