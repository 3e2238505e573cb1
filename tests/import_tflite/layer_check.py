"""Each MAC layer file of an imported network, on the runtime's own input tensor, through `qmac run --layer`
(the fully connected runner, on golden, hls and rtl), against the runtime's own output tensor: checks the
importer's layer files (mode, scales, clamp, weight order, padding) one op at a time, independently of the
network runner. A convolution is lowered here by the im2col of docs/network-format.md; a depthwise one
(groups = C) gets weights that are zero outside each output channel's own input channel (the accumulator
is the same sum)."""
import json
import os
import subprocess

import numpy as np


def im2col_nhwc(x, kernel, stride, pads, zero_point):
    """[B, H, W, C] -> [B * OH * OW, KH * KW * C] rows in (kh, kw, c) order, padded with the zero point."""
    b, h, w, c = x.shape
    (kh, kw), (sh, sw), (pt, pl, pb, pr) = kernel, stride, pads
    xp = np.full((b, h + pt + pb, w + pl + pr, c), zero_point, dtype=x.dtype)
    xp[:, pt:pt + h, pl:pl + w, :] = x
    oh, ow = (h + pt + pb - kh) // sh + 1, (w + pl + pr - kw) // sw + 1
    rows = [xp[:, i * sh:i * sh + kh, j * sw:j * sw + kw, :].reshape(b, -1) for i in range(oh) for j in range(ow)]
    return np.stack(rows, axis=1).reshape(b * oh * ow, kh * kw * c), (b, oh, ow)


def dense_weights(op, layer_w, channels):
    """The layer's [N, K] weights as a dense [N, KH * KW * C] matrix (groups > 1: zero outside the group)."""
    g = op["groups"]
    if g == 1:
        return layer_w
    n = layer_w.shape[0]
    kk = op["kernel"][0] * op["kernel"][1]
    per_group = channels // g
    out = np.zeros((n, kk, channels), dtype=layer_w.dtype)
    for o in range(n):
        grp = o // (n // g)
        out[o, :, grp * per_group:(grp + 1) * per_group] = layer_w[o].reshape(kk, per_group)
    return out.reshape(n, kk * channels)


def check(qmac, net_dir, tensors, backends, work):
    """{backend: outputs compared} over every MAC op; raises AssertionError naming the op on a mismatch."""
    with open(os.path.join(net_dir, "network.json")) as f:
        network = json.load(f)
    compared = {b: 0 for b in backends}
    for op in network["ops"]:
        if "layer" not in op:
            continue
        layer_path = os.path.join(net_dir, op["layer"])
        with open(layer_path) as f:
            layer = json.load(f)
        x, y = tensors[op["inputs"][0]], tensors[op["outputs"][0]]
        w = np.load(os.path.join(os.path.dirname(layer_path), layer["weights"]))
        if op["op"] == "conv_2d":
            rows, _ = im2col_nhwc(x, op["kernel"], op["stride"], op["pads"], layer["input_zero_point"])
            w = dense_weights(op, w, x.shape[3])
        else:
            rows = x.reshape(-1, w.shape[1])
        np.save(os.path.join(work, "w.npy"), w)
        layer = dict(layer, weights=os.path.abspath(os.path.join(work, "w.npy")))
        if "bias" in layer:
            layer["bias"] = os.path.abspath(os.path.join(os.path.dirname(layer_path), layer["bias"]))
        with open(os.path.join(work, "layer.json"), "w") as f:
            json.dump(layer, f)
        np.save(os.path.join(work, "x.npy"), np.ascontiguousarray(rows))
        expected = y.reshape(-1, w.shape[0])
        for backend in backends:
            run = subprocess.run([qmac, "run", "--layer", f"{work}/layer.json", "--input", f"{work}/x.npy",
                                  "--output", f"{work}/y.npy", "--backend", backend], stderr=subprocess.PIPE, text=True)
            assert run.returncode == 0, f"{op['name']}: qmac run --backend {backend} refused: {run.stderr.strip()}"
            got = np.load(f"{work}/y.npy")
            bad = got != expected
            assert not bad.any(), (f"{op['op']} '{op['name']}' ({layer['requant']['mode']}, {network['match']}), "
                                   f"backend {backend}: {int(bad.sum())} of {bad.size} outputs differ, first at "
                                   f"{tuple(int(v) for v in np.argwhere(bad)[0])}: LiteRT {expected[bad][0]}, qmac {got[bad][0]}")
            compared[backend] += expected.size
    return compared
