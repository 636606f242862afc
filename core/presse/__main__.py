"""``python -m presse`` runs the CLI."""

from presse.cli import main

main()
