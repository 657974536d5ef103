"""The economics, as pure functions: numbers and arrays in, numbers and arrays out.

Nothing here reads files, opens DuckDB or knows of Dash; rule parameters arrive as
reference-data objects, so every rule can be tested with the worked examples' numbers.
"""
