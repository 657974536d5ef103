"""Investment cases: the TOML case file, its validation, and scenarios."""

from gevinst.cases.load import load_case, parse_case
from gevinst.cases.schema import Case, Estimate, Triple

__all__ = ["Case", "Estimate", "Triple", "load_case", "parse_case"]
