"""Use cases, one module each: what a command or a page asks for, above store/, ingest/ and the
engines, below the CLI commands (which parse and print) and the dashboards (which render)."""
