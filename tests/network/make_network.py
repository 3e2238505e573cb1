#!/usr/bin/python3
"""Writes a small network for the `qmac run --network` tests, and its input, into DIR.

Usage: make_network.py DIR. network.json: float32 x -> quantize -> fully_connected -> reshape -> conv_2d
(3x3, pads 1) -> conv_2d (depthwise, stride 2, dilation 2) -> max_pool_2d, with a branch average_pool_2d
-> add, -> dequantize; an nchw twin (network_nchw.json) runs an ONNX-layout convolution with groups 2.
Everything is generated with numpy (no binary test data in the repository).
"""
import json
import os
import sys

import numpy as np


def save_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=1)


def layer(d, name, rng, n, k, in_zp, out_zp, in_scale, out_scale, dtype="int8", extra=None):
    w = rng.integers(-127, 128, (n, k)).astype(np.int8)
    b = rng.integers(-3000, 3000, n).astype(np.int32)
    np.save(f"{d}/layers/{name}_w.npy", w)
    np.save(f"{d}/layers/{name}_b.npy", b)
    spec = {"weights": f"{name}_w.npy", "bias": f"{name}_b.npy", "input_zero_point": in_zp,
            "requant": {"mode": "tflite", "input_scale": in_scale,
                        "weight_scale": [float(s) for s in rng.uniform(0.004, 0.02, n)], "output_scale": out_scale},
            "output_zero_point": out_zp, "output_dtype": dtype}
    spec.update(extra or {})
    save_json(f"{d}/layers/{name}.json", spec)
    return f"layers/{name}.json"


def tensor(shape, dtype, trace, scale=None, zp=None):
    t = {"shape": list(shape), "dtype": dtype, "trace": trace}
    if scale is not None:
        t["scale"] = scale
        t["zero_point"] = zp
    return t


def nhwc_network(d, rng):
    t = {
        "x": tensor([1, 16], "float32", "x.npy"),
        "xq": tensor([1, 16], "int8", "xq.npy", 0.05, -3),
        "h": tensor([1, 32], "int8", "h.npy", 0.2, 5),
        "h4": tensor([1, 4, 4, 2], "int8", "h4.npy", 0.2, 5),
        "c": tensor([1, 4, 4, 4], "int8", "c.npy", 0.3, -10),
        "dw": tensor([1, 2, 2, 4], "int8", "dw.npy", 0.25, 2),
        "mp": tensor([1, 1, 1, 4], "int8", "mp.npy", 0.25, 2),
        "ap": tensor([1, 1, 1, 4], "int8", "ap.npy", 0.25, 2),
        "s": tensor([1, 1, 1, 4], "int8", "s.npy", 0.4, -1),
        "y": tensor([1, 1, 1, 4], "float32", "y.npy"),
    }
    ops = [
        {"op": "quantize", "name": "quant", "inputs": ["x"], "outputs": ["xq"], "rounding": "tflite"},
        {"op": "fully_connected", "name": "fc", "inputs": ["xq"], "outputs": ["h"],
         "layer": layer(d, "fc", rng, 32, 16, -3, 5, 0.05, 0.2)},
        {"op": "reshape", "name": "flat_to_image", "inputs": ["h"], "outputs": ["h4"]},
        {"op": "conv_2d", "name": "conv", "inputs": ["h4"], "outputs": ["c"], "layout": "nhwc",
         "kernel": [3, 3], "stride": [1, 1], "dilation": [1, 1], "pads": [1, 1, 1, 1], "groups": 1,
         "layer": layer(d, "conv", rng, 4, 18, 5, -10, 0.2, 0.3, extra={"output_min": -100, "output_max": 90})},
        {"op": "conv_2d", "name": "depthwise", "inputs": ["c"], "outputs": ["dw"], "layout": "nhwc",
         "kernel": [2, 2], "stride": [2, 2], "dilation": [2, 2], "pads": [1, 1, 0, 0], "groups": 4,
         "layer": layer(d, "dw", rng, 4, 4, -10, 2, 0.3, 0.25)},
        {"op": "max_pool_2d", "name": "maxpool", "inputs": ["dw"], "outputs": ["mp"], "layout": "nhwc",
         "kernel": [2, 2], "stride": [2, 2], "pads": [0, 0, 0, 0], "output_min": -120, "output_max": 127},
        {"op": "average_pool_2d", "name": "avgpool", "inputs": ["dw"], "outputs": ["ap"], "layout": "nhwc",
         "kernel": [2, 2], "stride": [2, 2], "pads": [1, 0, 0, 1], "rounding": "tflite"},
        {"op": "add", "name": "add", "inputs": ["mp", "ap"], "outputs": ["s"], "rounding": "tflite"},
        {"op": "dequantize", "name": "dequant", "inputs": ["s"], "outputs": ["y"]},
    ]
    return t, ops


def main():
    d = sys.argv[1]
    os.makedirs(f"{d}/layers", exist_ok=True)
    rng = np.random.default_rng(11)
    t, ops = nhwc_network(d, rng)
    net = {"format": "qmac-network", "version": 1, "model": "test.tflite", "runtime": "litert",
           "match": "litert-builtin", "inputs": ["x"], "outputs": ["y"], "tensors": t, "ops": ops}
    save_json(f"{d}/network.json", net)
    np.save(f"{d}/x.npy", rng.uniform(-6, 6, (1, 16)).astype(np.float32))
    np.save(f"{d}/x_int8.npy", rng.integers(-128, 128, (1, 16)).astype(np.int8))


if __name__ == "__main__":
    main()
