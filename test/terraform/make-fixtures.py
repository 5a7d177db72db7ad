#!/usr/bin/env python3
"""Writes the Terraform fixture cases from fixtures.spec (one place to read them all) and derives each case's
expected.json from `# expect: RULE [xN]` markers written on the offending lines by hand.
Usage: python3 test/terraform/make-fixtures.py   (run from the repo root)."""
import json, os, re, sys

SPEC = os.path.join(os.path.dirname(__file__), 'fixtures.spec')
MARK = re.compile(r'#\s*expect:\s*(S3L\d{3})(?:\s*x(\d+))?')

def cases(text):
    case, file, buf = None, None, []
    for line in text.splitlines(keepends=True):
        m = re.match(r'^=== (\S+)\s*$', line)
        f = re.match(r'^--- (\S+)\s*$', line)
        if m or f:
            if case and file is not None:
                yield case, file, ''.join(buf)
            buf = []
            if m:
                case, file = m.group(1), None
            else:
                file = f.group(1)
            continue
        buf.append(line)
    if case and file is not None:
        yield case, file, ''.join(buf)

def main():
    expected = {}
    explicit = set()
    for case, name, content in cases(open(SPEC).read()):
        if name == 'expected.json':
            explicit.add(case)
        d = os.path.join('fixtures', case)
        os.makedirs(os.path.dirname(os.path.join(d, name)), exist_ok=True)
        with open(os.path.join(d, name), 'w') as fh:
            fh.write(content)
        exp = expected.setdefault(case, [])
        if name.endswith('.json') and not name.endswith('.tf.json'):
            continue
        for i, line in enumerate(content.splitlines(), 1):
            for m in MARK.finditer(line):
                exp.extend([{'file': name, 'line': i, 'ruleId': m.group(1)}] * int(m.group(2) or 1))
    for case, exp in expected.items():
        if case in explicit:
            continue
        with open(os.path.join('fixtures', case, 'expected.json'), 'w') as fh:
            fh.write(json.dumps(exp, indent=2) + '\n')
    print(f'{len(expected)} cases')

main()
