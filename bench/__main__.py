"""`make bench`: runs every bench/bench_*.py module's `run()` in one process, in name order.

Each benchmark measures its baseline in the same run and prints medians and ratios, never pass/fail timings.
"""

import importlib
import os
import pkgutil
import sys
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "operadora.config.settings")


def main() -> None:
    only = set(sys.argv[1:])
    here = Path(__file__).parent
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_") or (only and info.name not in only):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        print(f"\n== {info.name} ==", flush=True)
        module.run()


if __name__ == "__main__":
    main()
