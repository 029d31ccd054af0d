#!/usr/bin/env python3
"""Turns a folder of `call-traces` outputs into a CSV of internal calls, one row per frame below the top.

Usage: call-traces-to-csv.py [--with-top] DIR [OUT.csv]

DIR holds files written by `refiner refine --rule call-traces --out DIR` (`<block>.call-traces.json`, or
`<block>-<input hash>.call-traces.json` when two inputs had the same block). Rows come in block order, then
transaction order, then the frames' depth-first order. Without OUT the CSV goes to standard output.

Columns:
  block, tx_index, tx_hash, tx_lossy  the transaction (tx_lossy: a known specimen loss reaches it, docs/ANALYSTS.md)
  path                               the frame's place in the tree: "0" is the top frame, "0.2.1" the second call of
                                     the third call of the top frame
  depth                              0 for the top frame
  type                               CALL, STATICCALL, DELEGATECALL, CALLCODE, CREATE, CREATE2, SELFDESTRUCT
  from, to                           addresses (to is empty for a failed creation)
  value_wei                          decimal; empty for STATICCALL
  gas, gas_used                      decimal
  selector                           the input's first 4 bytes (empty when shorter)
  input_bytes, output_bytes          sizes
  error, revert_reason               empty on success
  logs                               how many logs the frame emitted itself
--with-top also writes the top frame (depth 0) of each transaction.
"""
import csv
import json
import os
import re
import sys

NAME = re.compile(r'^(\d+)(?:-[0-9a-f]{12})?\.call-traces\.json$')
COLUMNS = ['block', 'tx_index', 'tx_hash', 'tx_lossy', 'path', 'depth', 'type', 'from', 'to', 'value_wei', 'gas',
           'gas_used', 'selector', 'input_bytes', 'output_bytes', 'error', 'revert_reason', 'logs']


def size(hex_text):
    return (len(hex_text) - 2) // 2 if hex_text else 0


def frames(frame, path, depth):
    yield path, depth, frame
    for i, child in enumerate(frame.get('calls', [])):
        yield from frames(child, f'{path}.{i}', depth + 1)


def rows(folder, with_top):
    files = sorted((int(m.group(1)), name) for name in os.listdir(folder) if (m := NAME.match(name)))
    for block, name in files:
        with open(os.path.join(folder, name)) as f:
            entries = json.load(f)
        for entry in entries:
            result = entry.get('result')
            if result is None:
                continue  # a transaction the re-execution rejected: no frames
            for path, depth, fr in frames(result, '0', 0):
                if depth == 0 and not with_top:
                    continue
                data = fr.get('input', '0x')
                yield {
                    'block': block,
                    'tx_index': entry['index'],
                    'tx_hash': entry['txHash'],
                    'tx_lossy': 'true' if entry.get('lossy') else 'false',
                    'path': path,
                    'depth': depth,
                    'type': fr['type'],
                    'from': fr['from'],
                    'to': fr.get('to', ''),
                    'value_wei': int(fr['value'], 16) if 'value' in fr else '',
                    'gas': int(fr['gas'], 16),
                    'gas_used': int(fr['gasUsed'], 16),
                    'selector': data[:10] if size(data) >= 4 else '',
                    'input_bytes': size(data),
                    'output_bytes': size(fr.get('output')),
                    'error': fr.get('error', ''),
                    'revert_reason': fr.get('revertReason', ''),
                    'logs': len(fr.get('logs', [])),
                }


def main(argv):
    with_top = '--with-top' in argv
    args = [a for a in argv if a != '--with-top']
    if len(args) not in (1, 2) or not os.path.isdir(args[0]):
        sys.exit(__doc__)
    out = open(args[1], 'w', newline='') if len(args) == 2 else sys.stdout
    try:
        writer = csv.DictWriter(out, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows(args[0], with_top):
            writer.writerow(row)
    finally:
        if out is not sys.stdout:
            out.close()


if __name__ == '__main__':
    main(sys.argv[1:])
