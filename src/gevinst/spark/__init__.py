"""Apache Spark as a second engine for the benefit-weeks model (`gevinst spark`).

`session` starts Spark, `read` turns person-week files into the `raw_benefit_weeks` rows the
model reads (in Spark, never through Python objects), `model` runs the SQL files of `models/`
translated by SQLGlot at run time. pyspark is an optional dependency (`pip install
gevinst[spark]`); nothing here is imported unless `gevinst spark` runs.
"""
