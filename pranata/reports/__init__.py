"""Network reports: a scope's lembaga and ties as of a date, read from the database and handed to the pure
`pranata.network` package, cached under a fingerprint of the scope's data, computed by the worker when big.

- `scope`: what a report is about; `loading`: the database to plain data
- `compute`: the report, the cached report, the comparison; `cache`: keys and storage
- `presentation`: what pages show; `jobs`: the background task; `pages`: the report pages (web)
"""

from .cache import fingerprint, store
from .compute import comparison, compute_report, report
from .jobs import compute_report_task, ensure_job
from .loading import first_date, load_graph, needs_and_resources, tie_histories, ties_as_of
from .presentation import diagram, evidence_check, present
from .scope import Scope, pinned, resolve_wilayah_scope, wilayah_scope

__all__ = [
    "Scope",
    "comparison",
    "compute_report",
    "compute_report_task",
    "diagram",
    "ensure_job",
    "evidence_check",
    "fingerprint",
    "first_date",
    "load_graph",
    "needs_and_resources",
    "pinned",
    "present",
    "report",
    "resolve_wilayah_scope",
    "store",
    "tie_histories",
    "ties_as_of",
    "wilayah_scope",
]
