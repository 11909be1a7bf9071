#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host side of the gupnuma test bed: parse the TAP/KTAP a guest wrote to its
results serial port, check the guest's kernel log for splats, print every
result and write per-run counts (summary.json) for make check to add up."""

import argparse
import json
import os
import re
import sys

BEGIN = re.compile(r'^### gupnuma-test-begin (\S+)')
END = re.compile(r'^### gupnuma-test-end (\S+) rc=(\d+)')
SUBTEST = re.compile(r'^(\s*)# Subtest: (.+)$')
RESULT = re.compile(r'^(\s*)(ok|not ok)\s+(\d+)\s*(?:-\s*)?(.*)$')
PLAN = re.compile(r'^(\s*)1\.\.(\d+)')
# A kernel report is recognised by its header line, never by a word anywhere:
# a lockdep kernel prints "rcu: RCU lockdep checking is enabled." at boot and
# frames such as lockdep_hardirqs_on_prepare+0x.. in every trace, and TCG's
# boot prints "Speculative Return Stack Overflow: WARNING: See ...".  The
# headers are those printk'd at the start of a line by lib/bug.c and
# kernel/panic.c (cut here, WARNING: CPU:), lockdep and RCU ("WARNING: ..."
# after a row of '='), mm/kasan/report.c and mm/kfence ("BUG: KASAN: ",
# "BUG: KFENCE: "), lib/ubsan.c ("UBSAN: "), arch/x86's die ("Oops: " or
# "<trap>: 0000 [#1]"), arch/arm64's die ("Internal error: Oops: ...",
# "Internal error: Oops - BUG: ...", "Unable to handle kernel ..."),
# kernel/hung_task.c and RCU stalls ("INFO: "), the
# page checks (mm/debug.c "page dumped because: ", "BUG: Bad page ...") and,
# for a bare dump_stack() such as mm/userfaultfd's "FAULT_FLAG_ALLOW_RETRY
# missing" or DEBUG_VM's checks without "cut here", the "Call Trace:" line
# (arm64's dump_backtrace() prints "Call trace:").
# kmemleak is read by a guest test (tests/kmemleak.sh), which attributes.
PRINTK_PREFIX = r'^(?:<\d>)?(?:\[\s*\d+\.\d+\]\s?)?(?:\[\s*[CT]\d+\]\s?)?'
REPORT_HEADERS = [
    r'-+\[ cut here \]-+\s*$',
    r'WARNING: ',
    r'BUG: ',
    r'kernel BUG at ',
    r'Oops: ',
    r'general protection fault',
    r'\S.*: [0-9a-f]{4} \[#\d+\]',
    r'UBSAN: ',
    r'INFO: ',
    r'rcu: INFO: ',
    r'Kernel panic - not syncing',
    r'page dumped because: ',
    r'Internal error: ',
    r'Unable to handle kernel ',
    r'Call [Tt]race:\s*$',
]
REPORT = re.compile(PRINTK_PREFIX + '(?:' + '|'.join(REPORT_HEADERS) + ')')
# A header within this many lines of the previous one (WARNING after cut
# here, "stack backtrace:" after a lockdep report) belongs to the same report,
# but a report has one Call Trace: a second one starts another report.
REPORT_SPAN = 200
CALL_TRACE = re.compile(PRINTK_PREFIX + r'Call [Tt]race:')


def kernel_reports(console):
    """Return the line index of the first header of each report in @console."""
    starts, last, traced = [], None, False
    for i, line in enumerate(console):
        if not REPORT.match(line):
            continue
        trace = bool(CALL_TRACE.match(line))
        if last is None or i - last > REPORT_SPAN or (trace and traced):
            starts.append(i)
            traced = False
        traced = traced or trace
        last = i
    return starts


# The diagnostic lines kept with a failure: the last ones before its result.
WHY_LINES = 10


def leaf_results(lines):
    """Yield (status, description, directive, diagnostics) of every leaf
    result of a (K)TAP stream; diagnostics are the '#' lines since the
    previous result (the last WHY_LINES).

    KTAP subtests come, indented, before their parent's result line; a result
    line with results nested above it is a parent and is not counted."""
    child_seen, names, notes = {}, {}, []
    for line in lines:
        m = SUBTEST.match(line)
        if m:
            depth = len(m.group(1).expandtabs(8))
            names = {d: n for d, n in names.items() if d < depth}
            names[depth] = m.group(2).strip()
            continue
        m = RESULT.match(line)
        if not m:
            if line.lstrip().startswith('#'):
                notes = (notes + [line.strip()])[-WHY_LINES:]
            continue
        why, notes = notes, []
        depth = len(m.group(1).expandtabs(8))
        path = [names[d] for d in sorted(names) if d <= depth]
        names = {d: n for d, n in names.items() if d <= depth}
        is_parent = child_seen.pop(depth, False)
        for d in list(child_seen):
            if d > depth:
                del child_seen[d]
        for d in range(0, depth):
            child_seen[d] = True
        if is_parent:
            continue
        desc = m.group(4)
        directive = ''
        if '#' in desc:
            desc, directive = desc.split('#', 1)
            directive = directive.strip()
        if path and desc.strip() != path[-1]:
            desc = '.'.join(path) + ': ' + desc.strip()
        if re.match(r'(?i)(skip|todo)', directive):
            status = 'skip'
        else:
            status = 'pass' if m.group(2) == 'ok' else 'fail'
        yield status, desc.strip(), directive, why


def top_level_check(lines):
    """Return an error string if the top-level plan and results disagree."""
    plan, count = None, 0
    for line in lines:
        m = PLAN.match(line)
        if m and not m.group(1):
            plan = int(m.group(2))
        m = RESULT.match(line)
        if m and not m.group(1):
            count += 1
    if plan is not None and plan != count:
        return 'plan says %d tests, %d reported' % (plan, count)
    return None


class Recorder:
    """A run's results as they are printed: counts and the failures."""

    def __init__(self, run):
        self.run = run
        self.counts = {'pass': 0, 'fail': 0, 'skip': 0}
        self.failures = []
        self.why = {}

    def record(self, test, status, desc, directive='', why=()):
        self.counts[status] += 1
        tag = {'pass': 'ok', 'fail': 'FAIL', 'skip': 'SKIP'}[status]
        extra = ' # ' + directive if directive else ''
        print('[%s] %s: %s %s%s' % (self.run, test, tag, desc, extra))
        if status == 'fail':
            self.failures.append('%s: %s' % (test, desc))
            if why:
                self.why['%s: %s' % (test, desc)] = list(why)


def sections_of(text):
    """The results port split by test: (sections, their order, whether the
    guest reached the end, the test it stopped at or None)."""
    sections, cur, done, stopped_at = {}, None, False, None
    order = []
    for line in text.split('\n'):
        m = BEGIN.match(line)
        if m:
            # a test listed twice (other arguments) is NAME, NAME#2, ...
            cur, n = m.group(1), 1
            while cur in sections:
                n += 1
                cur = '%s#%d' % (m.group(1), n)
            sections[cur] = {'lines': [], 'rc': None, 'name': m.group(1)}
            order.append(cur)
            continue
        m = END.match(line)
        if m and cur and sections[cur]['name'] == m.group(1):
            sections[cur]['rc'] = int(m.group(2))
            cur = None
            continue
        if line.startswith('### gupnuma-done'):
            done = True
            continue
        if line.startswith('### gupnuma-stopped-at '):
            stopped_at = line.split()[2]
            continue
        if cur:
            sections[cur]['lines'].append(line)
    return sections, order, done, stopped_at


def report_test(rec, test, sec, ktap_dir):
    """One test's results, and what its exit status and TAP say beyond them."""
    lines, rc = sec['lines'], sec['rc']
    if ktap_dir:
        os.makedirs(ktap_dir, exist_ok=True)
        with open(os.path.join(ktap_dir, test + '.tap'), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    for line in lines:
        if line.startswith('#') and not line.startswith('# SKIP'):
            print('[%s] %s: %s' % (rec.run, test, line))
    results = list(leaf_results(lines))
    for status, desc, directive, why in results:
        rec.record(test, status, desc, directive, why)
    nfail = sum(1 for r in results if r[0] == 'fail')
    if rc is None:
        rec.record(test, 'fail', 'did not finish (guest died or hung)')
    elif rc == 137:
        rec.record(test, 'fail', 'killed by the per-test timeout')
    elif rc == 4 and not results:
        reason = next((l for l in lines if 'SKIP' in l or 'skip' in l), 'exit 4 (KSFT_SKIP)')
        rec.record(test, 'skip', 'skipped', reason.strip('# '))
    elif rc != 0 and nfail == 0:
        rec.record(test, 'fail', 'exited with status %d' % rc)
    elif rc == 0 and not results:
        rec.record(test, 'fail', 'reported no TAP results')
    err = top_level_check(lines)
    if err and rc is not None:
        rec.record(test, 'fail', err)


def report_console(rec, path):
    """The guest's kernel log: a failure for each kernel report in it."""
    splat_lines, console = [], []
    if os.path.exists(path):
        with open(path, errors='replace') as f:
            console = f.read().replace('\r', '').split('\n')
        splat_lines = kernel_reports(console)
    else:
        rec.record('kernel_log', 'fail', 'no console log')
    if splat_lines:
        first = splat_lines[0]
        print('[%s] kernel_log: splat in the guest kernel log:' % rec.run)
        for line in console[max(0, first - 5):first + 40]:
            print('[%s] | %s' % (rec.run, line))
        rec.record('kernel_log', 'fail', 'no Oops/BUG/WARNING/KASAN/UBSAN/lockdep report or '
                   'stack dump in the guest log (%d reports)' % len(splat_lines), '',
                   console[first:first + WHY_LINES])
    elif console:
        rec.record('kernel_log', 'pass', 'no Oops/BUG/WARNING/KASAN/UBSAN/lockdep report or '
                   'stack dump in the guest log')


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument('--run', required=True)
    ap.add_argument('--results', required=True)
    ap.add_argument('--console', help='guest kernel log to check for splats')
    ap.add_argument('--summary', required=True)
    ap.add_argument('--ktap-dir')
    ap.add_argument('--expect', action='append', default=[])
    args = ap.parse_args()

    rec = Recorder(args.run)
    text = ''
    if os.path.exists(args.results):
        with open(args.results, errors='replace') as f:
            text = f.read().replace('\r', '')
    sections, order, done, stopped_at = sections_of(text)
    for test in order:
        report_test(rec, test, sections[test], args.ktap_dir)
    for test in args.expect:
        if test not in sections and stopped_at:
            rec.record(test, 'fail', 'not run: the run stopped at the failure of %s' % stopped_at)
        elif test not in sections:
            rec.record(test, 'fail', 'never ran')
    if not done:
        rec.record('testbed', 'fail', 'guest did not reach the end of its test list')
    elif '### gupnuma-no-poweroff' in text:
        rec.record('testbed', 'fail', 'guest did not power off after its last test (stopped)')
    if args.console:
        report_console(rec, args.console)

    with open(args.summary, 'w') as f:
        json.dump({'run': args.run, 'counts': rec.counts, 'failures': rec.failures,
                   'why': rec.why}, f, indent=1)
    print('[%s] run summary: %d pass / %d fail / %d skip' %
          (args.run, rec.counts['pass'], rec.counts['fail'], rec.counts['skip']))
    return 1 if rec.counts['fail'] else 0


if __name__ == '__main__':
    sys.exit(main())
