"""Writes scikit-learn's bundled 8x8 digits (1,797 images, Debian's python3-sklearn, no download) as one
.npz of float32 images in [0, 1] and int64 labels, for the venv's Python (which cannot import Debian's
sklearn). Usage: /usr/bin/python3 export_digits.py OUT.npz"""
import sys

import numpy as np
from sklearn.datasets import load_digits

if len(sys.argv) != 2:
    sys.exit("usage: export_digits.py OUT.npz")
d = load_digits()
np.savez(sys.argv[1], images=(d.images / 16.0).astype(np.float32), labels=d.target.astype(np.int64))
