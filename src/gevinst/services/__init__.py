"""Use cases: one module per thing a person does with gevinst (compare cohorts, explain a
case's history, propose a gain share, back up, publish, evaluate and save a case, try a
what-if), shared by the CLI, the dashboards and the demo builder.

The layer rule (DESIGN "Layers", checked by `lint-imports`): a service takes validated inputs
and a database path or handle, calls `store/`, `ingest/`, `reports/`, `cases/` and `domain/`,
and returns plain results (dataclasses, frames, bytes). It prints nothing and renders nothing:
a CLI command parses arguments and prints, a dashboard view lays out and renders. Nothing
here imports `commands/`, `dashboards/` or the demo; a rejected input is `InputRejected`
(every problem, in the user's language), anything else a `GevinstError`.
"""
