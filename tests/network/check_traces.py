#!/usr/bin/python3
"""check_traces.py DIR NETWORK BACKEND...: the runs of `qmac run --network DIR/NETWORK` on each backend
(DIR/y_<stem>_B.npy and DIR/trace_<stem>_B/, stem: NETWORK without .json) hold the same bytes as golden's, every tensor of NETWORK is traced in its dtype and shape (the
MAC ops' outputs with their accumulators), and the output file equals the output tensor's trace."""
import json
import os
import sys

import numpy as np

d, network, backends = sys.argv[1], sys.argv[2], sys.argv[3:]
stem = network[:-len(".json")]
net = json.load(open(os.path.join(d, network)))
mac_outputs = {o["outputs"][0] for o in net["ops"] if o["op"] in ("fully_connected", "conv_2d")}
expected = {t["trace"] for t in net["tensors"].values()}
expected |= {net["tensors"][n]["trace"][:-4] + ".acc.npy" for n in mac_outputs}
golden = os.path.join(d, f"trace_{stem}_golden")
problems = []
if set(os.listdir(golden)) != expected:
    problems.append(f"{golden} holds {sorted(os.listdir(golden))}, expected {sorted(expected)}")
for name, t in net["tensors"].items():
    a = np.load(os.path.join(golden, t["trace"]))
    if str(a.dtype) != t["dtype"] or list(a.shape) != t["shape"]:
        problems.append(f"{t['trace']}: {a.dtype} {list(a.shape)}, expected {t['dtype']} {t['shape']}")
out = net["tensors"][net["outputs"][0]]["trace"]
for b in backends:
    tb = os.path.join(d, f"trace_{stem}_{b}")
    for f in sorted(expected):
        if open(os.path.join(golden, f), "rb").read() != open(os.path.join(tb, f), "rb").read():
            problems.append(f"{tb}/{f} differs from golden's")
    if open(os.path.join(d, f"y_{stem}_{b}.npy"), "rb").read() != open(os.path.join(tb, out), "rb").read():
        problems.append(f"y_{stem}_{b}.npy differs from its trace {out}")
if problems:
    sys.exit("\n".join(problems))
print(f"{network}: {len(expected)} traced files equal on {', '.join(backends)}")
