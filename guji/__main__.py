"""`python -m guji` is the `guji` command."""

from guji.cli import main

main()
