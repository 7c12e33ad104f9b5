"""`python -m postgen`."""

from postgen.cli import main

main()
