"""`make mutate`: run mutmut over the modules where a silent bug costs most, then write the kill rate per module.

mutmut plants one small bug at a time (a flipped comparison, a changed constant, a dropped argument) and runs the
tests that reach it; a mutant the suite does not notice "survived". The table goes to bench/MUTATION.md, with
the date it was made, so the figure in the repository says when it was last measured.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTMUT = str(Path(sys.executable).with_name("mutmut"))
RESULTS = ROOT / "bench" / "MUTATION.md"
LINE = re.compile(r"^\s*(?P<name>\S+?):\s*(?P<status>[a-z ]+?)\s*$")
KILLED = {"killed", "timeout", "segfault", "caught by type check"}


def module_of(mutant: str) -> str:
    """`pranata.network.x_analyse__mutmut_3` or `…xǁClassǁmethod__mutmut_1` -> `pranata/network.py`."""
    dotted = re.split(r"\.x(?:_|ǁ)", mutant, maxsplit=1)[0]
    return dotted.replace(".", "/") + ".py"


def tally(text: str) -> dict[str, Counter]:
    per_module: dict[str, Counter] = defaultdict(Counter)
    for line in text.splitlines():
        match = LINE.match(line)
        if match and "__mutmut_" in match["name"]:
            per_module[module_of(match["name"])][match["status"]] += 1
    return per_module


ROW = re.compile(r"^\| `(?P<module>[^`]+)` \|")


def rows_of(per_module: dict[str, Counter], when: str, minutes: float) -> dict[str, str]:
    rows = {}
    for module, counts in sorted(per_module.items()):
        total = sum(counts.values())
        killed = sum(n for status, n in counts.items() if status in KILLED)
        rate = f"{100 * killed / total:.1f} %" if total else "–"
        rows[module] = (
            f"| `{module}` | {total} | {killed} | {counts['survived']} | {counts['no tests']} | {rate} "
            f"| {when}, {minutes:.0f} min |"
        )
    return rows


def table(rows: dict[str, str]) -> str:
    head = [
        "| module | mutants | killed | survived | no tests | kill rate | measured (run, its length on 2 cores) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    return "\n".join(head + [rows[module] for module in sorted(rows)]) + "\n"


def previous_rows(text: str) -> dict[str, str]:
    """Rows of modules measured in an earlier run, kept when this run covers only some modules."""
    rows = {}
    for line in text.partition("<!-- results -->")[2].splitlines():
        match = ROW.match(line)
        if match and line.count("|") >= 8:
            rows[match["module"]] = line
    return rows


def main(argv: list[str] | None = None) -> int:
    """`python -m bench.mutation [--survivors] [--max-children N] [module.py …]`: all modules of [tool.mutmut]
    only_mutate, or just those named (e.g. `pranata/exports.py`); rows of modules not run this time stay as they
    were, with their date. With --survivors only the named modules' surviving mutants run again (the rest keep
    their result)."""
    args = argv if argv is not None else sys.argv[1:]
    # --survivors: run again only the mutants that survived (or were not reached) last time, e.g. after
    # writing tests to kill them; the others keep their result.
    survivors_only = "--survivors" in args
    # --max-children N: how many mutants run at once (default 2, one per core of the machine it was written on).
    children = "2"
    if "--max-children" in args:
        at = args.index("--max-children")
        children, args = args[at + 1], args[:at] + args[at + 2 :]
    modules = [arg for arg in args if not arg.startswith("--")]
    patterns = [m.removesuffix(".py").replace("/", ".") + ".*" for m in modules]
    if survivors_only:
        listed = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True).stdout
        patterns = [
            match["name"]
            for line in listed.splitlines()
            if (match := LINE.match(line))
            and match["status"] in {"survived", "not checked"}
            and module_of(match["name"]) in modules
        ]
    started = datetime.datetime.now()
    if survivors_only and not patterns:
        run = subprocess.CompletedProcess([], 0)  # nothing survived: nothing to run again
    else:
        run = subprocess.run([MUTMUT, "run", "--max-children", children, *patterns], cwd=ROOT, check=False)
    results = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True)
    per_module = tally(results.stdout)
    if modules:
        per_module = {module: counts for module, counts in per_module.items() if module in modules}
    checked = sum(n for counts in per_module.values() for status, n in counts.items() if status != "not checked")
    if run.returncode != 0 or not checked:
        # e.g. mutmut's copy could not import an app ("Running stats" fails): all mutants stay unchecked, and a
        # row of 0 killed would be a false figure.
        print(f"mutmut failed (exit {run.returncode}, {checked} mutants checked): bench/MUTATION.md left as it was")
        return run.returncode or 1
    minutes = (datetime.datetime.now() - started).total_seconds() / 60
    when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    text = RESULTS.read_text() if RESULTS.exists() else ""
    rows = previous_rows(text) | rows_of(per_module, when, minutes)
    head, marker, _old = text.partition("<!-- results -->")
    summary = table(rows)
    RESULTS.write_text((head if marker else "# Mutation testing\n\n") + "<!-- results -->\n" + summary)
    print(summary)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
