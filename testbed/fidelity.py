#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""The workload matrix across kernels, and how faithfully each policy
reproduces the kernel it is named after.

Reads the compare.json files the guest runs left in RESULTS/<run>/ (the test
kernel under every policy: `test`, and with THP: `test-thp`; Debian's own
kernels under their own decisions: `real-5.10`, `real-6.1`, `real-6.12`,
`real-7.3`, the Debian rows of testbed/kernels.table, and with THP
`real-5.10-thp` ...) and writes to RESULTS/:
  matrix.txt    the policies' rows and the real kernels' rows, one headline
                figure per workload
  fidelity.txt  each policy against the real kernel it is named after (the
                table's policy column: v3.8 against real 5.10, v6.1 against
                real 6.1, v6.6 against real 6.12, v7.3 against real 7.3),
                cell by cell, 4K and THP: the qualitative outcome (moves or
                stays, correct or broken, wasted or none); where both move,
                the fraction of the workload's memory on the accessor's node
                at the end, within TOLERANCE; where a workload reports errors
                (kB missing, pages wrong, accesses missed), the same number
                in the same unit; where both fail, the same reason (errno)
  coverage.txt  every query `gupnuma table` says two built-in policies decide
                differently and observably, and the workload cell that shows it
  architectures.txt  with --arch=ARCH (arm64): each real kernel's row on ARCH
                (real-6.12-arm64 ...) against its row on the host's
                architecture, cell by cell, with the same rules
  matrix.json   everything above
  samples.csv   every series' samples (gupnuma plot's input)
  *.gp          one gnuplot script per migrating workload (a line per policy
                and per real kernel) and overview.gp
With --tap, prints TAP: one line per fidelity cell, per coverage row and per
claim of docs/experiments.md; a disagreement is `not ok` unless
docs/experiments.md's table "Where a policy and its kernel differ" names it
(across architectures: docs/ARCH.md's "Where ARCH and x86-64 differ").

  fidelity.py RESULTS GUPNUMA_CLI DOCS_EXPERIMENTS_MD [--tap] [--arch=ARCH]
"""
import itertools
import json
import os
import re
import subprocess
import sys
import types

KERNELS_TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kernels.table")
try:
    HOST_ARCH = subprocess.check_output(["dpkg", "--print-architecture"], text=True).strip()
except (OSError, subprocess.CalledProcessError):
    HOST_ARCH = "amd64"


def real_row(release, arch=None):
    """The matrix row of a Debian kernel: real-MAJOR.MINOR, and -ARCH for
    another architecture than the host's (testbed/matrix.sh)."""
    return "real-" + ".".join(release.split(".")[:2]) + (
        "-" + arch if arch and arch != HOST_ARCH else "")


def version(row):
    """real-6.12[-arm64] -> (6, 12), for sorting."""
    return tuple(int(x) for x in row.split("-")[1].split("."))


def has_test_row(arch):
    """testbed/kernels.table has the test kernel for @arch."""
    with open(KERNELS_TABLE) as f:
        return any(c[0] == "test" and arch in c[2].split(",")
                   for c in (line.split() for line in f) if c and not c[0].startswith("#"))


def debian_kernels(arch=None):
    """(real row, policy named after it or None) of each Debian row of the
    table that exists for @arch (default: the host's)."""
    arch = arch or HOST_ARCH
    out = []
    with open(KERNELS_TABLE) as f:
        for line in f:
            col = line.split()
            if col and not col[0].startswith("#") and col[1] == "debian" and \
                    arch in col[2].split(","):
                out.append((real_row(col[3], arch), None if col[9] == "-" else col[9]))
    return out


# Each policy and the real kernel it is named after (docs/design.md), and
# the real kernels' rows, oldest first.
PAIRS = [(pol, row) for row, pol in debian_kernels() if pol]
REALS = sorted((row for row, _ in debian_kernels()), key=version)
TOLERANCE = 0.25          # of the workload's memory on the accessor's node at the end

# The claims of issue "workload matrix" / docs/experiments.md, as outcomes.
CLAIMS = [
    ("smaps", {"real-6.1": "broken", "v6.1": "broken", "real-5.10": "correct",
               "real-6.12": "correct", "v3.8": "correct", "v6.6": "correct"}),
    ("ksm", {"real-6.1": "broken", "v6.1": "broken", "real-5.10": "correct",
             "real-6.12": "correct", "v3.8": "correct", "v6.6": "correct"}),
    ("move-pages", {"real-6.1": "broken", "v6.1": "broken", "real-5.10": "correct",
                    "real-6.12": "correct", "v3.8": "correct", "v6.6": "correct"}),
    ("remote-read", {"real-5.10": "moves", "real-6.1": "moves", "v3.8": "moves",
                     "v6.1": "moves", "real-6.12": "stays", "v6.6": "stays"}),
    ("debugger", {"v6.5": "moves", "v3.8": "stays", "v6.1": "stays", "v6.6": "stays",
                  "never": "stays", "skip-pinned": "stays", "real-5.10": "stays",
                  "real-6.1": "stays", "real-6.12": "stays"}),
    ("kvm-read", {"v6.6": "moves", "never": "stays", "real-5.10": "moves",
                  "real-6.1": "moves", "real-6.12": "moves"}),
    ("kvm-write", {"v6.6": "moves", "never": "moves"}),
    # the secondary MMU's faults honour hints under v6.6, not under never
    ("mirror", {"v6.6": "moves", "v7.3": "moves", "never": "stays"}),
    # 7.3's scanner skips maybe-DMA-pinned folios: on the 7.3 test kernel and
    # real 7.3 no policy has hints to waste there; real 6.12 wastes them.
    ("pinned", {"v6.6": "none", "skip-pinned": "none", "real-6.12": "wasted",
                "real-7.3": "none"}),
    ("pinned-hmm", {"v6.6": "none", "skip-pinned": "none"}),
    # the tracker misses nothing under any policy; a kernel without RWP shows "-"
    ("rwp-tracker", dict({p: "correct" for p in ("v3.8", "v6.1", "v6.5", "v6.6", "v7.3", "never",
                                                 "skip-pinned", "pin-honors", "real-7.3")},
                         **{r: "n/a" for r in ("real-5.10", "real-6.1", "real-6.12")})),
    ("rwp-kvm", {p: "correct" for p in ("v3.8", "v6.6", "v7.3", "never", "real-7.3")}),
]


def load(results, run, row=None, suffix=""):
    """A run's cells by (row, workload); a real kernel's row is @row or the
    run's name, a policy's its name + @suffix (-ARCH: another architecture's)."""
    path = os.path.join(results, run, "compare.json")
    try:
        with open(path) as f:
            d = json.load(f)
    except (OSError, ValueError):
        return None
    cells = {}
    for r in d["results"]:
        name = (row or run) if r["policy"] == "kernel" else r["policy"] + suffix
        cells[(name, r["workload"])] = r
    d["cells"] = cells
    return d


def md_table(md, heading, keys):
    """The rows of the table under @heading in @md: (first @keys cells) -> last cell."""
    try:
        text = open(md).read()
    except OSError:
        return {}
    sect = text.split(heading, 1)
    out = {}
    for line in (sect[1].splitlines() if len(sect) > 1 else []):
        if line.startswith("## "):
            break
        m = re.match(r"\|" + r"\s*`?([\w./-]+)`?\s*\|" * keys + r"(.+)\|", line)
        if m and m.group(1) not in ("policy", "query", "---"):
            out[m.groups()[:keys] if keys > 1 else m.group(1)] = m.group(keys + 1).strip()
    return out


def explanations(md):
    """(policy, kernel, workload, outcomes) -> why, from docs/experiments.md's
    table: a row excuses that cell only with the outcomes it names
    (POLICY/KERNEL, e.g. none/wasted)."""
    return md_table(md, "## Where a policy and its kernel differ", 4)


def outcomes(c, k):
    """The outcomes pair as the tables of docs/ name it: none/wasted."""
    return "%s/%s" % (c["outcome"], k["outcome"])


def unshown(md):
    """query -> why the test kernel cannot show it, from docs/experiments.md's table."""
    return md_table(md, "## Decisions the test kernel cannot show", 1)


def headline(c):
    return c["headline"] if c else " "


def workloads_of(runs):
    seen = []
    for d in runs:
        for r in d["results"]:
            if r["workload"] not in seen:
                seen.append(r["workload"])
    return seen


def fmt_matrix(rows, wls, cells, title, kernels):
    w = max(11, max(len(x) for x in wls) + 1)
    rw = max([12] + [len(r) + 1 for r in rows])
    out = [title, "%-*s" % (rw, "row") + "".join("%*s" % (w, x) for x in wls)]
    for row in rows:
        line = "%-*s" % (rw, row) + "".join("%*s" % (w, headline(cells.get((row, x)))) for x in wls)
        if row in kernels:
            line += "   (%s)" % kernels[row]
        out.append(line)
    return "\n".join(out)


def failure(c):
    """What a user sees of a failed cell: its message without the run's numbers."""
    return re.sub(r"\d+", "N", c.get("note", ""))


def compare_cells(c, k):
    """(verdict, detail) of a policy's cell @c against the real kernel's @k."""
    verdict, detail = "agree", "%s / %s" % (c["outcome"], k["outcome"])
    if c["outcome"] != k["outcome"]:
        return "DIFFER", detail
    if c["outcome"] == "failed":
        detail += ": %s / %s" % (c.get("note"), k.get("note"))
        return ("agree" if failure(c) == failure(k) else "DIFFER"), detail
    errnos = [sorted(set(re.findall(r"\bE[A-Z0-9]{2,}\b", x.get("note", "")))) for x in (c, k)]
    if errnos[0] != errnos[1]:
        # the errno a user gets, page by page (move-pages: the status array)
        return "DIFFER", detail + ", errno %s / %s" % tuple(",".join(e) or "none" for e in errnos)
    if all(x.get("errors") is not None and x["errors"] >= 0 for x in (c, k)) and \
            c.get("error_unit"):
        # what the user reads: the same count in the same unit, exactly
        detail += ", %d %s / %d %s" % (c["errors"], c["error_unit"], k["errors"],
                                       k.get("error_unit"))
        if (c["errors"], c["error_unit"]) != (k["errors"], k.get("error_unit")):
            verdict = "DIFFER"
    return verdict, detail


def fidelity(cells, why, level="", pairs=None, suffix=""):
    """Each pair's cells (@pairs, default PAIRS); @level "THP" names the
    --thp matrix's workloads wl/THP.  Rows of another architecture end in
    @suffix, and the host's explanation of the same pair holds for them."""
    rows = []
    for pol, real in PAIRS if pairs is None else pairs:
        for (row, wl), c in sorted(cells.items()):
            if row != pol:
                continue
            k = cells.get((real, wl))
            if not k or c["outcome"] == "n/a" or k["outcome"] == "n/a":
                continue
            name = wl + ("/" + level if level else "")
            verdict, detail = compare_cells(c, k)
            if verdict != "DIFFER" and c["outcome"] == "moves":
                # The workload's own memory, not numa_pages_migrated: that
                # counter is system-wide and also counts whatever else the
                # kernel moved meanwhile (2,569 for 2,048 pages once, on 6.1).
                d = abs(c["local_end"] - k["local_end"])
                detail += ", on the accessor's node %.2f / %.2f, migrated %d / %d" % (
                    c["local_end"], k["local_end"], c["pages_migrated"], k["pages_migrated"])
                if d > TOLERANCE:
                    verdict = "DIFFER"
            key = (pol[:len(pol) - len(suffix)], real[:len(real) - len(suffix)], name,
                   outcomes(c, k))
            if verdict == "DIFFER" and key in why:
                verdict = "explained"
                detail += " -- " + why[key]
            rows.append((pol, real, name, verdict, detail))
    return rows


def arch_why(md, arch):
    """(host row, workload, outcomes) -> why @arch's row differs, from
    docs/ARCH.md (beside docs/experiments.md)."""
    return md_table(os.path.join(os.path.dirname(md), arch + ".md"),
                    "### Where %s and x86-64 differ" % arch, 3)


def architectures(cells, pairs, why, level=""):
    """Each (foreign row, host row) of @pairs, cell by cell: the rules of
    fidelity(), the foreign row in the policy's place."""
    rows = []
    for far, near in pairs:
        for (row, wl), c in sorted(cells.items()):
            if row != far:
                continue
            k = cells.get((near, wl))
            if not k or c["outcome"] == k["outcome"] == "n/a":
                continue    # nothing ran on either (no gupnuma.ko, no RWP)
            name = wl + ("/" + level if level else "")
            if c["outcome"] == "n/a" or k["outcome"] == "n/a":
                verdict = "agree" if c["outcome"] == k["outcome"] else "DIFFER"
                detail = "%s / %s" % (c["outcome"], k["outcome"])
            else:
                verdict, detail = compare_cells(c, k)
                if verdict != "DIFFER" and c["outcome"] == "moves":
                    detail += ", on the accessor's node %.2f / %.2f, migrated %d / %d" % (
                        c["local_end"], k["local_end"], c["pages_migrated"], k["pages_migrated"])
                    if abs(c["local_end"] - k["local_end"]) > TOLERANCE:
                        verdict = "DIFFER"
            if verdict == "DIFFER" and (near, name, outcomes(c, k)) in why:
                verdict = "explained"
                detail += " -- " + why[(near, name, outcomes(c, k))]
            rows.append((far, near, name, verdict, detail))
    return rows


def coverage(table, cells, thp_cells, why_not):
    """Rows of `gupnuma table` where two built-in policies differ observably;
    one the test kernel cannot show, with the reason from @why_not."""
    dec = {}
    meta = {}
    for r in table:
        dec.setdefault(r["query"], {})[r["policy"]] = r["decision"]
        meta[r["query"]] = r
    rows = []
    for lookup, by in dec.items():
        obs = meta[lookup]["observed_by"]
        for a, b in itertools.combinations(BUILTIN, 2):
            if by.get(a) == by.get(b) or not obs:
                continue
            shown = None
            for wl in obs.split():
                src = thp_cells if meta[lookup]["level"] == "pmd" and \
                    (a, wl) in thp_cells else cells
                ca, cb = src.get((a, wl)), src.get((b, wl))
                if ca and cb and ca["outcome"] != cb["outcome"] and \
                        not {"n/a", "failed"} & {ca["outcome"], cb["outcome"]}:
                    shown = "%s%s: %s %s, %s %s" % (
                        wl, " (THP)" if src is thp_cells else "", a, ca["headline"], b,
                        cb["headline"])
                    break
            if shown is None and lookup in why_not:
                shown = "not shown, explained: " + why_not[lookup]
            rows.append((lookup, a, b, obs, shown))
    return rows


def plot(results, cli, series):
    """results/samples.csv: each series' samples from its run (a real kernel's
    row is its run's 'kernel' policy), drawn by gupnuma plot."""
    with open(os.path.join(results, "samples.csv"), "w") as out:
        out.write("policy,workload,t_s,local_fraction,hint_faults,pages_migrated,pte_updates\n")
        for run, row in series:
            src = os.path.join(results, run, "samples.csv")
            if not os.path.exists(src):
                continue
            with open(src) as f:
                next(f, None)
                for line in f:
                    policy, rest = line.split(",", 1)
                    if policy == ("kernel" if run == row else row):
                        out.write(row + "," + rest)
    subprocess.run([cli, "plot", results, "--title",
                    "the policies on the test kernel (solid), Debian kernels (dashed)"], check=True)


def builtin_policies(table):
    """The built-in policies, in the registry's order (every policy but custom)."""
    seen = []
    for r in table:
        if r["policy"] not in seen and r["policy"] != "custom":
            seen.append(r["policy"])
    return seen


def load_runs(results, arch):
    """Every run's cells under @results: the test kernel's (4K, THP),
    Debian's kernels', another architecture's (@arch) and their rows."""
    r = types.SimpleNamespace(arch=arch)
    # another architecture's real rows, and the host's rows of the same kernels
    r.far = sorted((k for k, _ in debian_kernels(arch)), key=version) if arch else []
    r.far_tests = [("test-" + arch, "test-" + arch + "-thp")] if arch and has_test_row(arch) else []
    r.test = load(results, "test")
    r.thp = load(results, "test-thp")
    r.ftest = {n: load(results, n, suffix="-" + arch) for pair in r.far_tests for n in pair}
    r.reals = {k: load(results, k) for k in REALS + r.far}
    r.reals_thp = {k: load(results, k + "-thp", k) for k in REALS + r.far}
    r.missing = [n for n, d in [("test", r.test), ("test-thp", r.thp)] + list(r.reals.items()) +
                 [(k + "-thp", d) for k, d in r.reals_thp.items()] + list(r.ftest.items())
                 if d is None]
    r.cells = {}
    for d in [r.test] + [r.ftest.get(t) for t, _ in r.far_tests] + list(r.reals.values()):
        if d:
            r.cells.update(d["cells"])
    r.thp_cells = dict(r.thp["cells"]) if r.thp else {}
    for d in [r.ftest.get(t) for _, t in r.far_tests] + list(r.reals_thp.values()):
        if d:
            r.thp_cells.update(d["cells"])
    r.wls = workloads_of([d for d in [r.test] + list(r.reals.values()) if d])
    r.rows = ((r.test["cells"] and [p for p in BUILTIN if (p, r.wls[0]) in r.cells])
              if r.test else [])
    r.far_pols = ([p + "-" + arch for p in BUILTIN if (p + "-" + arch, r.wls[0]) in r.cells]
                  if arch else [])
    r.rows += r.far_pols + [k for k in REALS + r.far if r.reals[k]]
    r.kernels = {k: r.reals[k]["kernel"] for k in REALS + r.far if r.reals[k]}
    # the workloads that run a KVM guest (compare.json: needs kvm) report KVM's counters
    r.kvm = [w for w in r.wls if any("kvm" in c.get("needs", ()) for (_, cw), c in r.cells.items()
                                     if cw == w)]
    return r


def verdicts(r, table, md):
    """(fidelity, coverage, architectures): each policy against the kernel
    it is named after, the table's differences shown by a workload, and
    another architecture's rows against the host's."""
    arch = r.arch
    # another architecture's policies against its real kernels, and each of
    # its rows against the host's row of the same policy or kernel
    far_pairs = [(p + "-" + arch, k + "-" + arch) for p, k in PAIRS
                 if k + "-" + arch in r.far] if arch else []
    arch_pairs = [(k, k[:-len("-" + arch)]) for k in r.far] + \
        [(p, p[:-len("-" + arch)]) for p in r.far_pols]
    why = explanations(md)
    fid = fidelity(r.cells, why) + fidelity(r.thp_cells, why, "THP") + \
        fidelity(r.cells, why, pairs=far_pairs, suffix="-" + str(arch)) + \
        fidelity(r.thp_cells, why, "THP", far_pairs, "-" + str(arch))
    cov = coverage(table, r.cells, r.thp_cells, unshown(md))
    why_arch = arch_why(md, arch) if arch else {}
    arc = architectures(r.cells, arch_pairs, why_arch) + \
        architectures(r.thp_cells, arch_pairs, why_arch, "THP")
    return fid, cov, arc


def matrix_text(r):
    """The matrices: headline, THP, hinting faults, KVM."""
    out = []
    title = ("headline per workload: fraction on the accessor's node at the end (migrating), "
             "kB missing (smaps), pages wrong (ksm, move-pages), accesses missed + pages "
             "wrong (rwp-tracker, rwp-kvm), wasted hinting faults "
             "(pinned, pinned-hmm); - = cannot run there")
    if r.test:
        out.append("policies on the test kernel %s (%d MiB, %.0f s per run), and Debian's kernels "
                   "under their own decisions\n" % (r.test["kernel"], r.test["size_mib"],
                                                    r.test["duration_s"]))
    out.append(fmt_matrix(r.rows, r.wls, r.cells, title, r.kernels))
    if r.thp:
        tw = workloads_of([r.thp])
        out.append("\nthe same with THP (--thp)\n" +
                   fmt_matrix([p for p in BUILTIN if (p, tw[0]) in r.thp_cells] +
                              [p for p in r.far_pols if (p, tw[0]) in r.thp_cells] +
                              [k for k in REALS + r.far if r.reals_thp[k]], tw, r.thp_cells, "",
                              r.kernels))
    out.append("\nhinting faults / pages migrated")
    out.append(fmt_matrix(r.rows, r.wls, {k: dict(v, headline="%s/%s" % (
        v.get("hint_faults", "-"), v.get("pages_migrated", "-"))) for k, v in r.cells.items()},
        "", r.kernels))
    out.append("\nKVM: hinting faults per migrated page, remote TLB flush requests (5.10: flushes)")
    out.append(fmt_matrix(r.rows, r.kvm, {k: dict(v, headline="%s %s" % (
        "%.1f" % (v["hint_faults"] / v["pages_migrated"]) if v.get("pages_migrated") else "-",
        v.get("kvm_remote_tlb_flush_requests") if v.get("kvm_remote_tlb_flush_requests") is not None
        else v.get("kvm_remote_tlb_flush", "-"))) for k, v in r.cells.items()}, "", r.kernels))
    return "\n".join(out) + "\n"


def verdict_texts(fid, cov, arc, arch):
    """fidelity.txt, coverage.txt and architectures.txt."""
    fid_txt = "%-12s %-10s %-12s %-10s %s\n" % ("policy", "kernel", "workload", "verdict",
                                                "outcomes") + \
        "".join("%-12s %-10s %-12s %-10s %s\n" % v for v in fid)
    cov_txt = "".join("%-24s %-12s %-12s %s\n" % (l, a, b, s or "NOT SHOWN (observed by %s)" % o)
                      for l, a, b, o, s in cov)
    arc_txt = "%-16s %-10s %-16s %-10s %s\n" % (arch or "arch", "x86-64", "workload", "verdict",
                                                 "outcomes") + \
        "".join("%-16s %-10s %-16s %-10s %s\n" % v for v in arc)
    return fid_txt, cov_txt, arc_txt


def write_results(results, r, texts, fid, cov, arc):
    """The texts, and matrix.json: the runs' settings and every verdict."""
    for name, text in texts:
        with open(os.path.join(results, name), "w") as f:
            f.write(text)
    with open(os.path.join(results, "matrix.json"), "w") as f:
        runs = {n: d and {k: v for k, v in d.items() if k != "cells"}
                for n, d in [("test", r.test), ("test-thp", r.thp)] + list(r.reals.items()) +
                [(k + "-thp", d) for k, d in r.reals_thp.items()]}
        json.dump({"runs": runs,
                   "fidelity": [dict(zip(("policy", "kernel", "workload", "verdict", "detail"), v))
                                for v in fid],
                   "coverage": [dict(zip(("query", "a", "b", "observed_by", "shown"), v))
                                for v in cov],
                   "architectures": [dict(zip(("row", "host_row", "workload", "verdict",
                                               "detail"), v)) for v in arc]},
                  f, default=lambda o: None, indent=1)


def checks_of(r, fid, cov, arc):
    """make check's verdict: (ok, description) for each run, pair, claim and cell."""
    checks = []
    for n in r.missing:
        checks.append((False, "results of run %s" % n))
    for pol, real, wl, verdict, detail in fid:
        checks.append((verdict != "DIFFER", "fidelity %s vs %s, %s: %s (%s)" % (pol, real, wl, verdict, detail)))
    for row, near, wl, verdict, detail in arc:
        checks.append((verdict != "DIFFER", "%s vs %s, %s: %s (%s)" % (row, near, wl, verdict, detail)))
    for lookup, a, b, obs, shown in cov:
        checks.append((shown is not None, "table --diff %s %s, %s: %s" % (
            a, b, lookup, shown or "not shown by " + obs)))
    for wl, want in CLAIMS:
        for row, outcome in want.items():
            c = r.cells.get((row, wl))
            got = c["outcome"] if c else "missing"
            checks.append((got == outcome, "%s under %s: %s (%s)" % (
                wl, row, outcome, "got " + got + (", " + c["headline"] if c else ""))))
    # a workload that fails on a kernel is a cell, and a failure, unless the
    # architectures' comparison explains that very failure (docs/ARCH.md's
    # table names the outcomes: the arm64 KVM livelock under `never`)
    explained = {(row, wl) for row, _, wl, verdict, _ in arc if verdict == "explained"}
    for (row, wl), c in sorted(list(r.cells.items()) + [((k, w + "/THP"), c) for (k, w), c in
                                                        r.thp_cells.items()]):
        if c["outcome"] == "failed":
            why = ", explained above" if (row, wl) in explained else ""
            checks.append(((row, wl) in explained, "%s under %s: failed (%s)%s" % (
                wl, row, c.get("note", ""), why)))
    # a KVM cell that ran: a failed one is a check above, and a guest that
    # made no progress (the arm64 livelock) has no flush to report
    for (row, wl), c in sorted(r.cells.items()):
        if wl in r.kvm and c["outcome"] not in ("n/a", "failed"):
            checks.append((c.get("kvm_remote_tlb_flush_requests") is not None or
                           c.get("kvm_remote_tlb_flush") is not None,
                           "%s under %s reports KVM's TLB flushes" % (wl, row)))
    return checks


def main():
    global BUILTIN
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    tap = "--tap" in sys.argv
    arch = ([a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--arch=")] or [None])[-1]
    if len(args) != 3:
        sys.exit(__doc__)
    results, cli, md = args
    table = json.loads(subprocess.check_output([cli, "table", "--json"]))
    BUILTIN = builtin_policies(table)
    r = load_runs(results, arch)
    fid, cov, arc = verdicts(r, table, md)
    matrix_txt = matrix_text(r)
    fid_txt, cov_txt, arc_txt = verdict_texts(fid, cov, arc, arch)
    texts = [("matrix.txt", matrix_txt), ("fidelity.txt", fid_txt), ("coverage.txt", cov_txt)]
    if arch:
        texts.append(("architectures.txt", arc_txt))
    write_results(results, r, texts, fid, cov, arc)
    series = [("test", p) for p in r.rows if p in BUILTIN] + \
        [(k, k) for k in REALS + r.far if r.reals[k]]
    plot(results, cli, series)

    if not tap:
        print(matrix_txt)
        print("fidelity (policy against the kernel it is named after):\n" + fid_txt)
        if arch:
            print("%s against x86-64, the same kernel (docs/experiments.md):\n" % arch + arc_txt)
        return 0
    checks = checks_of(r, fid, cov, arc)
    print("TAP version 13\n1..%d" % len(checks))
    for i, (ok, desc) in enumerate(checks, 1):
        print("%s %d %s" % ("ok" if ok else "not ok", i, desc))
    return 0 if all(ok for ok, _ in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
