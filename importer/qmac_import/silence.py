"""quiet(): TensorFlow's converter and runtimes print their progress straight to the process's stdout and
stderr (C++ logging, not Python's): a context that sends both file descriptors to /dev/null meanwhile.
Errors still raise. Shared by the digits example and the tests that convert models."""
import contextlib
import os
import sys


@contextlib.contextmanager
def quiet():
    saved = [os.dup(1), os.dup(2)]
    with open(os.devnull, "w") as null:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(null.fileno(), 1)
        os.dup2(null.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for f in saved:
                os.close(f)
