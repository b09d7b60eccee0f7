"""The scale benchmark behind `make bench`: generated kelurahan- and kabupaten-sized data, timed pages.

Runs against its own database (PostgreSQL `simpul_bench` by default, a temp SQLite file with --sqlite), so
the developer's db.sqlite3 is never touched. See `python -m bench --help` and bench/RESULTS.md.
"""
