"""python3 -m archsim sweep|merge|info - see archsim.cli."""
import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
