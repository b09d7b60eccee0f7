"""`python -m bench` (or `make bench`): generate or reuse the bench data, time the cases, write RESULTS.md."""

from __future__ import annotations

import argparse
import os
import sys
import time

from bench.database import DEFAULT_POSTGRES_URL, describe, postgres_url, sqlite_url, with_name_suffix

# The province lives in a database of its own, so the default run keeps measuring a kabupaten installation.
PROVINSI_SUFFIX = "_provinsi"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--scale", choices=["kelurahan", "kabupaten", "all"], default="all")
    parser.add_argument("--sqlite", action="store_true", help="use a temp SQLite file instead of PostgreSQL")
    parser.add_argument("--fresh", action="store_true", help="drop the bench database and generate the data again")
    parser.add_argument(
        "--provinsi",
        action="store_true",
        help="instead of the default cases: a ~400,000-lembaga province (generated once, in the bench database's "
        f"'{PROVINSI_SUFFIX}' twin) and its worker report; writes bench/RESULTS-provinsi.md",
    )
    parser.add_argument(
        "--only",
        help="comma-separated groups of kabupaten cases to time (laporan, daftar, forum, pendampingan, survei, api, "
        "pengingat, unduh, impor, robustness, ganda, wilayah); the data is ensured as usual. RESULTS.md is not "
        "written: the table goes to stdout only",
    )
    parser.add_argument("--runs", type=int, help="runs per case (default: 5 for fast cases, 3 for slow ones)")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="seconds a case may spend repeating before it stops early (default: %(default)s; at least 1 run)",
    )
    parser.add_argument(
        "--database-url",
        default=os.getenv("BENCH_DATABASE_URL", DEFAULT_POSTGRES_URL),
        help="PostgreSQL URL of the bench database (default: %(default)s, or $BENCH_DATABASE_URL)",
    )
    args = parser.parse_args(argv)
    if args.runs is not None and args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def setup_django(args: argparse.Namespace) -> str:
    """Point Django at the bench database (before settings are read), start it, migrate; return the URL."""
    suffix = PROVINSI_SUFFIX if args.provinsi else ""
    if args.sqlite:
        url = sqlite_url(fresh=args.fresh, suffix=suffix)
    else:
        url = postgres_url(with_name_suffix(args.database_url, suffix), fresh=args.fresh)
    # Overrides any DATABASE_URL in the environment on purpose: the bench must never write to a real database.
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    print(f"bench database: {describe(url)}; migrating…", flush=True)
    call_command("migrate", interactive=False, verbosity=0)
    return url


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    started = time.perf_counter()
    url = setup_django(args)
    from bench.runner import run, run_provinsi  # imports models, so only after django.setup()

    if args.provinsi:
        run_provinsi(runs=args.runs, budget=args.budget, url=url)
    else:
        scales = ["kelurahan", "kabupaten"] if args.scale == "all" else [args.scale]
        only = [name.strip() for name in args.only.split(",")] if args.only else None
        run(scales=scales, runs=args.runs, budget=args.budget, url=url, only=only)
    print(f"bench finished in {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
