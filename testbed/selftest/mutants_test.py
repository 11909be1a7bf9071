#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""testbed/mutants.py on mm/*.c: every operator makes mutants; a mutant's IDs
are unique and stable; applying one changes exactly the lines it names, as
it says; comments and strings are never mutated; a lock-drop removes a lock
and its unlock; in a kernel tree, only the lines the series changed have
mutants, and applying one leaves the pristine tree (hard-linked) as it was.
Prints TAP."""

import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
import mutants  # noqa: E402

OPERATORS = ['cmp-flip', 'cond-negate', 'cond-drop', 'decision', 'err-drop', 'lock-drop',
             'off-by-one', 'put-drop']
n = 0
failed = False


def check(desc, ok, why=''):
    global n, failed
    n += 1
    if not ok:
        failed = True
        print('# ' + why) if why else None
    print('%sok %d %s' % ('' if ok else 'not ', n, desc))


def main():
    print('TAP version 13')
    print('1..9')
    all_ = mutants.mutants(mutants.sources([]))
    ops = {m[0].split(':')[2] for m in all_}
    check('every operator makes mutants (%d in all)' % len(all_),
          ops == set(OPERATORS), 'missing: %s' % sorted(set(OPERATORS) - ops))
    ids = [m[0] for m in all_]
    check('IDs are unique', len(ids) == len(set(ids)))
    check('a second enumeration gives the same IDs', ids == [m[0] for m in
                                                           mutants.mutants(mutants.sources([]))])
    bad = []
    with tempfile.TemporaryDirectory() as tree:
        for mid, path, changes in all_[::7]:
            dst = os.path.join(tree, path)
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy(os.path.join(mutants.TOP, path), dst)
            mutants.main(['apply', mid, tree])
            old = open(os.path.join(mutants.TOP, path)).read().split('\n')
            new = open(dst).read().split('\n')
            removed = sum(1 for v in changes.values() if v is None)
            if len(new) != len(old) - removed:
                bad.append(mid + ': line count')
                continue
            kept = [l for i, l in enumerate(old) if changes.get(i + 1, l) is not None]
            diff = [i for i, (a, b) in enumerate(zip(kept, new)) if a != b]
            if removed == 0 and (len(diff) != 1 or new[diff[0]] != changes[diff[0] + 1]):
                bad.append(mid + ': changed %s' % diff)
            if removed and diff:
                bad.append(mid + ': a removal changed %s' % diff)
    check('apply changes exactly the lines a mutant names (every 7th mutant)', not bad,
          '; '.join(bad[:5]))
    text = open(os.path.join(mutants.TOP, 'mm/policy_builtin.c')).read().split('\n')
    comment = [m for m in all_ if m[1] == 'mm/policy_builtin.c' and
               text[int(m[0].split(':')[1]) - 1].strip().startswith(('*', '/*', '//'))]
    check('no mutant in a comment', not comment, str(comment[:3]))
    strings = [m for m in all_ if any('"' in (v or '') and v.count('"') % 2 for v in
                                      m[2].values())]
    check('no mutant breaks a string literal', not strings, str(strings[:3]))
    locks = [m for m in all_ if ':lock-drop:' in m[0]]
    check('a lock-drop removes two lines, a lock and its unlock',
          locks and all(len(m[2]) == 2 and all(v is None for v in m[2].values())
                        for m in locks))
    kernel_sites()
    return 1 if failed else 0


def kernel_sites():
    """A pristine tree, a patched copy whose sources are hard links (as
    build-kernel.sh makes it) with two lines changed, and a mutant tree."""
    d = tempfile.mkdtemp()
    try:
        src, tree, mut = (os.path.join(d, x) for x in ('src', 'tree', 'mut'))
        body = ['int f(int a)', '{', '\tif (a < 1)', '\t\treturn -EINVAL;', '\treturn a;', '}', '']
        os.makedirs(os.path.join(src, 'mm'))
        open(os.path.join(src, 'mm/x.c'), 'w').write('\n'.join(body))
        shutil.copytree(src, tree, copy_function=os.link)
        os.unlink(os.path.join(tree, 'mm/x.c'))
        patched = body[:4] + ['\tif (a > 9)', '\t\treturn -ERANGE;'] + body[4:]
        open(os.path.join(tree, 'mm/x.c'), 'w').write('\n'.join(patched))
        shutil.copytree(tree, mut, copy_function=os.link)
        os.environ.update(GUPNUMA_KTREE=tree, GUPNUMA_KSRC=src)
        ms = mutants.mutants(['linux/mm/x.c'])
        lines = {int(m[0].split(':')[1]) for m in ms}
        check('kernel sites: mutants on the lines the series added only (%s)' % sorted(lines),
              lines == {5, 6}, str([m[0] for m in ms]))
        mutants.main(['apply', ms[0][0], mut])
        check('kernel sites: apply leaves the patched tree it links to as it was',
              open(os.path.join(tree, 'mm/x.c')).read() == '\n'.join(patched) and
              open(os.path.join(mut, 'mm/x.c')).read() != '\n'.join(patched))
    finally:
        shutil.rmtree(d)


if __name__ == '__main__':
    sys.exit(main())
