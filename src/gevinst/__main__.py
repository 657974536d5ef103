"""`python -m gevinst` is the `gevinst` command."""

from gevinst.cli import run

if __name__ == "__main__":  # the reader's fork server may import this file again
    run()
