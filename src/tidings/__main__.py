"""`python -m tidings` runs the command line."""

from tidings.cli import main

# Guarded: Dask's worker processes start by importing the parent's main module (as
# `__mp_main__`), and must not run the command line a second time.
if __name__ == "__main__":
    main()
