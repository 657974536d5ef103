"""Use cases: one module per thing a person does, called by the CLI and the dashboards alike."""
