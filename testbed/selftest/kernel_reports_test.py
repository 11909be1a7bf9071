#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The splat detector of testbed/tap.py on kernel log excerpts: each report
kind the kernel prints is one report, and the lines a debug kernel prints
without a report (lockdep's boot banner, frames named after lockdep or KASAN,
TCG's SRSO notice) are none.  The excerpts follow the formats of the printk
calls named in tap.py (6.12, x86 and arm64); numbers and names in them are made up.
Prints TAP."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import tap  # noqa: E402

T = '[   12.345678] '
TRACE = [T + 'Call Trace:', T + ' <TASK>', T + ' dump_stack_lvl+0x4f/0x60',
         T + ' lockdep_hardirqs_on_prepare+0x10/0x190', T + ' </TASK>']
ARM64_TRACE = [T + 'Call trace:', T + ' gupnuma_init+0x20/0x1000 [gupnuma]',
               T + ' do_one_initcall+0x60/0x290', T + ' el0t_64_sync+0x190/0x198']
CASES = [
    # (description, lines, reports expected)
    ('WARN_ON: cut here, WARNING: CPU:, its trace', [
        T + '------------[ cut here ]------------',
        T + 'WARNING: CPU: 1 PID: 170 at mm/gup.c:1234 __get_user_pages+0x15/0x80',
        T + 'Modules linked in: gupnuma(O)'] + TRACE + [T + '---[ end trace 0000000000000000 ]---'], 1),
    ('KASAN report', [
        T + '==================================================================',
        T + 'BUG: KASAN: slab-use-after-free in gupnuma_mirror_access+0x1a/0x200 [gupnuma]',
        T + 'Read of size 8 at addr ffff888003a1c000 by task mirror_test/201'] + TRACE, 1),
    ('lockdep: circular locking dependency', [
        T + '======================================================',
        T + 'WARNING: possible circular locking dependency detected',
        T + '6.12.117-gupnuma-debug #1 Not tainted',
        T + '------------------------------------------------------',
        T + 'stack backtrace:'] + TRACE, 1),
    ('lockdep: suspicious RCU usage', [
        T + '=============================',
        T + 'WARNING: suspicious RCU usage',
        T + 'mm/gupnuma/policy.c:77 suspicious rcu_dereference_check() usage!'] + TRACE, 1),
    ('lockdep: INFO line without WARNING', [
        T + 'INFO: trying to register non-static key.',
        T + 'The code is fine but needs lockdep annotation, or maybe'] + TRACE, 1),
    ('sleeping function called from invalid context (DEBUG_ATOMIC_SLEEP)', [
        T + 'BUG: sleeping function called from invalid context at mm/gup.c:1400',
        T + 'in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 99, name: x'] + TRACE, 1),
    ('UBSAN report', [
        T + 'UBSAN: shift-out-of-bounds in mm/gupnuma/policy.c:200:12',
        T + 'shift exponent 64 is too large for 64-bit type \'long unsigned int\''] + TRACE, 1),
    ('Oops with its die header', [
        T + 'Oops: general protection fault, probably for non-canonical address 0xdead: 0000 [#1]',
        T + 'CPU: 0 UID: 0 PID: 1 Comm: init Not tainted'] + TRACE, 1),
    ('trap header of die()', [T + 'invalid opcode: 0000 [#1] PREEMPT SMP NOPTI'] + TRACE, 1),
    ('kernel BUG at (VM_BUG_ON)', [T + 'kernel BUG at mm/huge_memory.c:2000!'] + TRACE, 1),
    ('bare dump_stack() of mm/userfaultfd.c, twice', [
        T + 'FAULT_FLAG_ALLOW_RETRY missing 800',
        T + 'CPU: 1 UID: 0 PID: 176 Comm: lookup_test Tainted: G           O'] + TRACE + [
        T + 'FAULT_FLAG_ALLOW_RETRY missing 800'] + TRACE, 2),
    ('DEBUG_VM dump_page() without cut here', [
        T + 'page: refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x1234',
        T + 'page dumped because: VM_BUG_ON_FOLIO(folio_ref_count(folio) == 0)'], 1),
    ('hung task', [T + 'INFO: task gupnuma:123 blocked for more than 120 seconds.'], 1),
    ('RCU stall', [T + 'rcu: INFO: rcu_preempt self-detected stall on CPU'], 1),
    ('panic', [T + 'Kernel panic - not syncing: Fatal exception'], 1),
    ('printk caller id prefix', ['[   12.345678][  T176] BUG: KASAN: wild-memory-access'], 1),
    ('two reports far apart', [T + 'BUG: Bad page state in process x  pfn:01234'] +
     [T + 'gupnuma: ok'] * 300 + [T + 'BUG: Bad rss-counter state mm:00000000 type:MM_ANONPAGES val:1'], 2),
    # arm64 (arch/arm64/kernel/traps.c die(), mm/fault.c, stacktrace.c)
    ('arm64: WARN_ON with its lowercase Call trace', [
        T + '------------[ cut here ]------------',
        T + 'WARNING: CPU: 1 PID: 170 at mm/gupnuma/gupnuma_main.c:40 gupnuma_init+0x20/0x1000 [gupnuma]',
        T + 'Modules linked in: gupnuma(O+)',
        T + 'pc : gupnuma_init+0x20/0x1000 [gupnuma]',
        T + 'lr : do_one_initcall+0x60/0x290'] + ARM64_TRACE +
     [T + '---[ end trace 0000000000000000 ]---'], 1),
    ('arm64: NULL dereference Oops', [
        T + 'Unable to handle kernel NULL pointer dereference at virtual address 0000000000000008',
        T + 'Mem abort info:',
        T + '  ESR = 0x0000000096000004',
        T + 'Internal error: Oops: 0000000096000004 [#1] SMP',
        T + 'Modules linked in: gupnuma(O)',
        T + 'CPU: 0 UID: 0 PID: 201 Comm: mirror_test Tainted: G           O       6.12.117+deb12-arm64 #1'] +
     ARM64_TRACE + [T + 'Code: f9400260 b4000080 (f9400400) 52800000'], 1),
    ('arm64: BUG() is an Oops - BUG', [
        T + 'kernel BUG at mm/gup.c:1400!',
        T + 'Internal error: Oops - BUG: 00000000f2000800 [#1] SMP'] + ARM64_TRACE, 1),
    ('arm64: a bare dump_stack()', [
        T + 'FAULT_FLAG_ALLOW_RETRY missing 800',
        T + 'CPU: 1 UID: 0 PID: 176 Comm: lookup_test Tainted: G           O'] + ARM64_TRACE, 1),
    ('no report: a debug kernel\'s boot banners', [
        '[    0.000000] Lock dependency validator: Copyright (c) 2006 Red Hat, Inc., Ingo Molnar',
        '[    0.000000] ... MAX_LOCKDEP_SUBCLASSES:  8',
        '[    0.100000] rcu: RCU lockdep checking is enabled.',
        '[    0.010000] kasan: KernelAddressSanitizer initialized (generic)',
        '[    0.200000] kmemleak: Kernel memory leak detector initialized (mem pool available: 15872)',
        '[    0.200000] kmemleak: Automatic memory scanning thread started',
        '[    0.037047] Speculative Return Stack Overflow: WARNING: See https://kernel.org/doc for mitigation options.',
        '[    1.000000] gupnuma: custom: refused: row 1: unknown caller \'kvm\'',
        '[    1.000000]  lockdep_hardirqs_on_prepare+0x10/0x190',
        '[    1.000000]  kasan_report+0x10/0x20',
        '[    1.000000] Oopsie is not a header; neither is BUG_ON in prose'], 0),
]


def main():
    print('TAP version 13')
    print('1..%d' % len(CASES))
    failed = 0
    for n, (desc, lines, want) in enumerate(CASES, 1):
        got = len(tap.kernel_reports(lines))
        ok = got == want
        failed |= not ok
        print('%s %d %s: %d report(s)%s' % ('ok' if ok else 'not ok', n, desc, want,
                                            '' if ok else ' (found %d)' % got))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
