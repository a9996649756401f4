"""``python -m igokit``: the command line."""

from igokit.cli import main

if __name__ == "__main__":
    main()
