"""``python -m presse`` runs the CLI."""

from presse.entry import main

main()
