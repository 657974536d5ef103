"""An empty database for production (`gevinst init`): the model, the reference data and the
bundled REGK31 key figures, and no users, no cases, no budgets.

The demo (`gevinst demo`, `serve --demo`) is the only thing that creates users with a known
password; a real installation starts here and adds its users with `gevinst user add`.
Built into a temporary file and moved into place, like the demo, so a failed build leaves
nothing half-made; an existing file is never touched.
"""

from __future__ import annotations

import getpass
import os
from pathlib import Path

from gevinst.errors import GevinstError
from gevinst.reference import Reference, bundled_reference
from gevinst.store.db import connect
from gevinst.store.key_figures import add_bundled_key_figures
from gevinst.store.model import build_model
from gevinst.store.reference import write_reference


def init_database(path: Path, ref: Reference | None = None, user: str | None = None) -> None:
    """Create the database at `path`; a `GevinstError` if something is already there."""
    target = Path(path)
    if target.exists():
        raise GevinstError(
            f"{target}: findes allerede (already exists); intet er ændret (nothing was changed)"
        )
    reference = ref or bundled_reference()
    target.parent.mkdir(parents=True, exist_ok=True)
    building = target.with_name(target.name + ".building")
    building.unlink(missing_ok=True)
    with connect(building) as con:
        build_model(con)
        write_reference(con, reference)
        add_bundled_key_figures(con, reference, user or getpass.getuser())
        con.execute("CHECKPOINT")
    Path(str(building) + ".wal").unlink(missing_ok=True)
    if target.exists():  # made by someone else meanwhile: theirs stays
        building.unlink()
        raise GevinstError(f"{target}: findes allerede (already exists)")
    os.replace(building, target)
