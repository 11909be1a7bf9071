#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The mutants of gupnuma's kernel C, for testbed/mutants.sh (make mutants).

Each mutant is one small change to one line of mm/*.c (a lock-drop also
removes the unlock that follows it).  The operators (docs/design.md,
"Mutation testing"):

  cmp-flip     a comparison of an if/while condition inverted
               (< and >=, > and <=, == and !=)
  cond-negate  if (C)  ->  if (!(C))
  cond-drop    if (C)  ->  if (0): what C guards is dropped
  decision     GUPNUMA_FOLLOW -> GUPNUMA_FAULT -> GUPNUMA_NOPAGE -> GUPNUMA_FOLLOW
  err-drop     return -EXXX;  ->  return 0;
  lock-drop    a lock statement (mutex, spinlock, rwsem, rcu_read_lock, mmap
               lock) and the first matching unlock after it, removed
  off-by-one   a bound of a for loop or an if condition moved by one
               (< and <=, > and >=)
  put-drop     a put statement (*_put(), put_page(), fput(), mmput(),
               mmdrop()) removed

  mutants.py list [FILE...]          one line per mutant: ID, then the new line
  mutants.py keys [FILE...]          ID and key: the SHA-1 of the mutated file
  mutants.py show ID                 the mutant as a unified diff
  mutants.py apply ID TREE           write the mutant into TREE, a copy of the sources
An ID is FILE:LINE:OPERATOR:N (N: the Nth mutant of that operator on that
line), stable while the line does not move.

The kernel sites of the patch series (kernel-patches/): FILE linux/PATH is
PATH in the patched kernel tree $GUPNUMA_KTREE, and only the lines the
series adds or changes there (against the pristine tree $GUPNUMA_KSRC) have
mutants; "list --kernel" lists the series' files.  apply writes
linux/PATH to TREE/PATH, a copy of the patched kernel tree.
"""
import difflib
import hashlib
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FILES_GLOB = "mm"

CMP = re.compile(r"(?<![<>=!\-])(<=|>=|==|!=|<|>)(?![<>=])")
FLIP = {"<": ">=", ">=": "<", ">": "<=", "<=": ">", "==": "!=", "!=": "=="}
BOUND = {"<": "<=", "<=": "<", ">": ">=", ">=": ">"}
DECISION = re.compile(r"\bGUPNUMA_(FOLLOW|FAULT|NOPAGE)\b")
NEXT_DECISION = {"FOLLOW": "FAULT", "FAULT": "NOPAGE", "NOPAGE": "FOLLOW"}
ERR_RETURN = re.compile(r"\breturn -E[A-Z0-9]+;")
PUT = re.compile(r"^\s*(\w+_put|put_page|fput|mmput|mmdrop)\(.*\);\s*$")
LOCK = re.compile(r"^\s*(mutex_lock|spin_lock|spin_lock_irq|spin_lock_irqsave|down_read|down_write|"
                  r"rcu_read_lock|mmap_read_lock|mmap_write_lock|read_lock|write_lock)\((.*)\);\s*$")
UNLOCK = {"mutex_lock": "mutex_unlock", "spin_lock": "spin_unlock",
          "spin_lock_irq": "spin_unlock_irq", "spin_lock_irqsave": "spin_unlock_irqrestore",
          "down_read": "up_read", "down_write": "up_write", "rcu_read_lock": "rcu_read_unlock",
          "mmap_read_lock": "mmap_read_unlock", "mmap_write_lock": "mmap_write_unlock",
          "read_lock": "read_unlock", "write_lock": "write_unlock"}


KERNEL = "linux/"


def kernel_tree(var):
    d = os.environ.get(var)
    if not d or not os.path.isdir(d):
        sys.exit("gupnuma: $%s names no kernel tree (testbed/mutants.sh sets it)" % var)
    return d


def source_path(path, root=None):
    """Where FILE of an ID is: mm/*.c in the repository, linux/PATH in the patched kernel."""
    if path.startswith(KERNEL):
        return os.path.join(root or kernel_tree("GUPNUMA_KTREE"), path[len(KERNEL):])
    return os.path.join(root or TOP, path)


def series_files():
    """linux/PATH of each .c file the patch series changes."""
    files = set()
    for d, _, names in os.walk(os.path.join(TOP, "kernel-patches", os.environ.get("GUPNUMA_KBASE", ""))):
        for name in names:
            if name.endswith(".patch"):
                for line in open(os.path.join(d, name)):
                    m = re.match(r"^\+\+\+ b/(\S+\.c)$", line)
                    if m:
                        files.add(KERNEL + m.group(1))
    return sorted(files)


def series_lines(path):
    """Line numbers of linux/PATH that the series added or changed."""
    new = open(source_path(path)).read().split("\n")
    old_path = os.path.join(kernel_tree("GUPNUMA_KSRC"), path[len(KERNEL):])
    old = open(old_path).read().split("\n") if os.path.exists(old_path) else []
    lines = set()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag in ("insert", "replace"):
            lines.update(range(j1 + 1, j2 + 1))
    return lines


def sources(args):
    if args == ["--kernel"]:
        return series_files()
    if args:
        return args
    d = os.path.join(TOP, FILES_GLOB)
    return sorted(os.path.join(FILES_GLOB, f) for f in os.listdir(d) if f.endswith(".c"))


def code_lines(text):
    """Line numbers (1-based) of code: not comments, not preprocessor lines."""
    in_comment = False
    for n, line in enumerate(text.split("\n"), 1):
        s = line.strip()
        if in_comment:
            in_comment = "*/" not in s
            continue
        if s.startswith("/*"):
            in_comment = "*/" not in s
            continue
        if not s or s.startswith("//") or s.startswith("#") or s.startswith("*"):
            continue
        yield n, line


def condition(line, keyword):
    """(start, end) of the parenthesised condition after KEYWORD, on this line, or None."""
    m = re.search(r"\b%s \(" % keyword, line)
    if not m:
        return None
    depth, i = 0, m.end() - 1
    for j in range(i, len(line)):
        depth += {"(": 1, ")": -1}.get(line[j], 0)
        if depth == 0:
            return i + 1, j
    return None


def string_spans(line):
    return [m.span() for m in re.finditer(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)\'', line)]


def outside_strings(line, pos):
    return all(not a <= pos < b for a, b in string_spans(line))


def comparisons(line, span):
    a, b = span
    return [m for m in CMP.finditer(line, a, b) if outside_strings(line, m.start())]


def line_mutants(path, lines, n, line):
    """Yield (operator, {line number: new text or None to remove}) for one line."""
    for kw in ("if", "while"):
        span = condition(line, kw)
        if not span:
            continue
        for m in comparisons(line, span):
            yield "cmp-flip", {n: line[:m.start()] + FLIP[m.group(1)] + line[m.end():]}
        for m in comparisons(line, span):
            if m.group(1) in BOUND:
                yield "off-by-one", {n: line[:m.start()] + BOUND[m.group(1)] + line[m.end():]}
        if kw == "if":
            a, b = span
            yield "cond-negate", {n: line[:a] + "!(" + line[a:b] + ")" + line[b:]}
            yield "cond-drop", {n: line[:a] + "0" + line[b:]}
    span = condition(line, "for")
    if span:
        parts = line[span[0]:span[1]].split(";")
        if len(parts) == 3:
            a = span[0] + len(parts[0]) + 1
            for m in comparisons(line, (a, a + len(parts[1]))):
                if m.group(1) in BOUND:
                    yield "off-by-one", {n: line[:m.start()] + BOUND[m.group(1)] + line[m.end():]}
    for m in DECISION.finditer(line):
        new = "GUPNUMA_" + NEXT_DECISION[m.group(1)]
        yield "decision", {n: line[:m.start()] + new + line[m.end():]}
    m = ERR_RETURN.search(line)
    if m:
        yield "err-drop", {n: line[:m.start()] + "return 0;" + line[m.end():]}
    if PUT.match(line):
        yield "put-drop", {n: None}
    m = LOCK.match(line)
    if m:
        unlock = re.compile(r"^\s*%s\(%s\);\s*$" % (UNLOCK[m.group(1)], re.escape(m.group(2))
                                                    if m.group(1) != "spin_lock_irqsave"
                                                    else re.escape(m.group(2).split(",")[0]) + r",.*"))
        for k in range(n, len(lines)):
            if lines[k].startswith("}"):
                break
            if unlock.match(lines[k]):
                yield "lock-drop", {n: None, k + 1: None}
                break


def mutants(files):
    """Every mutant of FILES: a list of (id, path, changes)."""
    out = []
    for path in files:
        text = open(source_path(path)).read()
        lines = text.split("\n")
        only = series_lines(path) if path.startswith(KERNEL) else None
        for n, line in code_lines(text):
            if only is not None and n not in only:
                continue
            seen = {}
            for op, changes in line_mutants(path, lines, n, line):
                k = seen.get(op, 0)
                seen[op] = k + 1
                out.append(("%s:%d:%s:%d" % (path, n, op, k), path, changes))
    return out


def find(mid):
    path = mid.split(":")[0]
    for m in mutants([path]):
        if m[0] == mid:
            return m
    sys.exit("gupnuma: no mutant %s (mutants.py list %s)" % (mid, path))


def mutated(path, changes, root=None):
    lines = open(source_path(path, root)).read().split("\n")
    return [changes.get(i + 1, l) for i, l in enumerate(lines) if changes.get(i + 1, l) is not None]


def main(argv):
    if len(argv) >= 1 and argv[0] == "list":
        for mid, path, changes in mutants(sources(argv[1:])):
            first = min(changes)
            print("%s\t%s" % (mid, (changes[first] or "(removed)").strip()))
        return 0
    if len(argv) >= 1 and argv[0] == "keys":
        # a mutant's key: the SHA-1 of its mutated file, so that a recorded
        # verdict stands until that file changes (mutants.sh resumes by it)
        for mid, path, changes in mutants(sources(argv[1:])):
            text = "\n".join(mutated(path, changes)).encode()
            print("%s\t%s" % (mid, hashlib.sha1(text).hexdigest()))
        return 0
    if len(argv) == 2 and argv[0] == "show":
        mid, path, changes = find(argv[1])
        old = open(source_path(path)).read().split("\n")
        sys.stdout.writelines(l + "\n" for l in difflib.unified_diff(
            old, mutated(path, changes), "a/" + path, "b/" + path, n=1, lineterm=""))
        return 0
    if len(argv) == 3 and argv[0] == "apply":
        mid, path, changes = find(argv[1])
        text = "\n".join(mutated(path, changes, argv[2]))
        # a new file in place of the old: a kernel tree's sources are hard
        # links into the pristine tree, which must stay as it is
        dest = source_path(path, argv[2])
        with open(dest + ".mutant", "w") as f:
            f.write(text)
        os.replace(dest + ".mutant", dest)
        return 0
    sys.stderr.write("usage: mutants.py list [FILE...] | keys [FILE...] | show ID | apply ID TREE\n")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
