"""The scale benchmark behind `make bench`: generated kelurahan- and kabupaten-sized data (registry and forum
activity), timed reports, pages, imports and the wilayah load.

Runs against its own database (PostgreSQL `simpul_bench` by default, a temp SQLite file with --sqlite), so
the developer's db.sqlite3 is never touched; `--provinsi` uses a twin database of its own. See
`python -m bench --help`, bench/RESULTS.md and bench/RESULTS-provinsi.md.
"""
