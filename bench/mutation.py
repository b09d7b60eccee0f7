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


def table(per_module: dict[str, Counter], seconds: float) -> str:
    rows = [
        "| module | mutants | killed | survived | no tests | kill rate |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for module, counts in sorted(per_module.items()):
        total = sum(counts.values())
        killed = sum(n for status, n in counts.items() if status in KILLED)
        rate = f"{100 * killed / total:.1f} %" if total else "–"
        rows.append(f"| `{module}` | {total} | {killed} | {counts['survived']} | {counts['no tests']} | {rate} |")
    when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    return f"Last run: {when}, {seconds / 60:.0f} min on this machine (2 cores).\n\n" + "\n".join(rows) + "\n"


def main() -> int:
    started = datetime.datetime.now()
    run = subprocess.run([MUTMUT, "run", "--max-children", "2"], cwd=ROOT, check=False)
    results = subprocess.run([MUTMUT, "results", "--all", "true"], cwd=ROOT, capture_output=True, text=True)
    summary = table(tally(results.stdout), (datetime.datetime.now() - started).total_seconds())
    text = RESULTS.read_text() if RESULTS.exists() else ""
    head, marker, _old = text.partition("<!-- results -->")
    RESULTS.write_text((head if marker else "# Mutation testing\n\n") + "<!-- results -->\n" + summary)
    print(summary)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
