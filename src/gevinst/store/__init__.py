"""The only package that opens DuckDB: connections, the SQL model and writes in transactions."""

from gevinst.store.db import connect, open_database
from gevinst.store.model import build_model, public_views, run_audits

__all__ = ["build_model", "connect", "open_database", "public_views", "run_audits"]
