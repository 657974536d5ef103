"""`python -m gevinst` is the `gevinst` command."""

from gevinst.cli import main

main()
