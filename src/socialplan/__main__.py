"""Allow ``python -m socialplan``."""

from socialplan.cli import main

if __name__ == "__main__":
    main()
