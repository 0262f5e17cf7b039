"""python3 -m archsim sweep|merge|info - see archsim.cli."""
import os
import sys

from .cli import main

if __name__ == "__main__":
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (`archsim sweep --list | head`): stop quietly,
        # as a command killed by SIGPIPE does; stdout goes to /dev/null so
        # the interpreter's own flush at exit does not fail again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 128 + 13
    sys.exit(status)
