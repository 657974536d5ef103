"""The Dash apps: one page per file in `pages/`, shared pieces in `components/`.

`create_app(db_path)` builds the app; `gevinst serve` runs it behind waitress (production) or
the Dash dev server (`--dev`). Pages read the database through `dashboards.data.db()` and
never load data at import time.
"""
