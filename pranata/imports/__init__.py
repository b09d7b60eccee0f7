"""Spreadsheet import: read CSV/XLSX as Excel writes them, check every row, then apply all rows or none.

`plan(kind, data, filename, user)` is the dry run: it reads and validates everything and says, per row, whether
it is new, changed, unchanged or wrong (with row number, column and an Indonesian message). `apply(plan, user)`
writes a plan without errors in one transaction. The web page and `manage.py import_data` share both.
"""

from .base import ImportFileError, Plan, RowResult
from .runner import KINDS, apply, plan, template_guide, template_rows

__all__ = ["KINDS", "ImportFileError", "Plan", "RowResult", "apply", "plan", "template_guide", "template_rows"]
