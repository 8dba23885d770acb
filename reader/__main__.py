"""Entry point for ``python -m reader``: hands over to the command-line interface."""

from reader.cli import main

if __name__ == "__main__":
    main()
