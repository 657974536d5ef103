"""gevinst: where a krone invested in one municipal silo comes back, for whom and when.

The public surfaces are the `gevinst` command line, the case-file format and the DuckDB
views documented in README.md; the names below are the Python entry points to the same.
"""

from gevinst.errors import GevinstError, InputRejected, Problem

__all__ = ["GevinstError", "InputRejected", "Problem", "__version__"]
__version__ = "0.1.0"
