"""Benchmark of `banshi demo` (the guide: under 60 s on these machines as modules join it).

Runs, each in a fresh throwaway SQLite file and a process of its own, one after the other on
the same machine:

- the baseline: `banshi demo --no-serve --no-activity`, the seed street's territory, people,
  organizations and enterprises only (what the demo was before the modules joined it);
- the whole demo: `banshi demo --no-serve -v 2`, every module, with the time of each step;

prints both wall times, the ratio, the build's slowest steps and whether the whole demo
stays within the 60 s budget. The load average is printed too: a loaded machine says so.

    .venv/bin/python bench/demo.py [--steps 8]
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BANSHI = ROOT / ".venv" / "bin" / "banshi"
BUDGET_S = 60.0
STEP = re.compile(r"^\s+(.+?): ([0-9.]+) s\s*$")


def run(args: list[str]) -> tuple[float, str]:
    """Wall seconds and output of one `banshi demo` in a fresh SQLite file."""
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/demo.sqlite3")
        start = time.perf_counter()
        done = subprocess.run(
            [str(BANSHI), "demo", "--no-serve", *args],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"banshi demo {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return seconds, done.stdout


def steps(output: str) -> list[tuple[str, float]]:
    found = []
    for line in output.splitlines():
        m = STEP.match(line)
        if m:
            found.append((m[1], float(m[2])))
    return found


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--steps", type=int, default=8, help="how many of the slowest steps to print")
    args = p.parse_args()
    load = os.getloadavg()[0]
    base, _ = run(["--no-activity"])
    whole, output = run(["-v", "2"])
    print(f"load average before: {load:.2f} on {os.cpu_count()} CPUs")
    print(f"baseline  banshi demo --no-activity (the street only): {base:6.1f} s")
    print(f"ours      banshi demo (every module):                  {whole:6.1f} s")
    print(f"ratio     {whole / base:.2f}× the street-only build")
    slow = sorted(steps(output), key=lambda s: -s[1])[: args.steps]
    if slow:
        print("slowest steps: " + ", ".join(f"{name} {sec:.1f} s" for name, sec in slow))
    verdict = "within" if whole < BUDGET_S else "OVER"
    print(f"{verdict} the {BUDGET_S:.0f} s budget")


if __name__ == "__main__":
    main()
