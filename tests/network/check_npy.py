#!/usr/bin/python3
"""check_npy.py FILE DTYPE V... : FILE holds exactly the values V (in C order) with dtype DTYPE."""
import sys

import numpy as np

a = np.load(sys.argv[1])
expected = [float(v) for v in sys.argv[3:]]
if str(a.dtype) != sys.argv[2] or a.ravel().tolist() != expected:
    sys.exit(f"{sys.argv[1]}: {a.dtype} {a.ravel().tolist()}, expected {sys.argv[2]} {expected}")
print(f"{sys.argv[1]}: {len(expected)} values as expected")
