#!/usr/bin/python3
"""Writes small networks for the `qmac run --network` tests, their inputs, and broken networks, into DIR.

Usage: make_network.py DIR. network.json: float32 x -> quantize -> fully_connected -> reshape -> conv_2d
(3x3, pads 1) -> conv_2d (depthwise, stride 2, dilation 2) -> max_pool_2d and average_pool_2d -> add ->
dequantize; network_int8.json: the same from the int8 tensor on; network_onnx.json: uint8 and nchw, ONNX
Runtime's roundings; bad_*.json and bad_cases.txt: one problem
each, with the message expected. Everything is generated with numpy (no binary test data in the repository).
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
         "kernel": [2, 2], "stride": [2, 2], "pads": [0, 0, 0, 0], "output_min": -120, "output_max": 90},
        {"op": "average_pool_2d", "name": "avgpool", "inputs": ["dw"], "outputs": ["ap"], "layout": "nhwc",
         "kernel": [2, 2], "stride": [2, 2], "pads": [1, 0, 0, 1], "rounding": "tflite"},
        {"op": "add", "name": "add", "inputs": ["mp", "ap"], "outputs": ["s"], "rounding": "tflite"},
        {"op": "dequantize", "name": "dequant", "inputs": ["s"], "outputs": ["y"]},
    ]
    return t, ops


def onnx_network(d, rng):
    """uint8 codes in ONNX's nchw: quantize (onnxruntime) -> conv_2d (groups 2, stride 2) -> max_pool_2d ->
    reshape (Flatten) -> fully_connected -> add (onnxruntime; the tensor with itself) -> dequantize."""
    t = {
        "input": tensor([2, 4, 5, 5], "float32", "input.npy"),
        "q": tensor([2, 4, 5, 5], "uint8", "q.npy", 0.04, 128),
        "conv": tensor([2, 6, 3, 3], "uint8", "conv.npy", 0.1, 120),
        "pool": tensor([2, 6, 2, 2], "uint8", "pool.npy", 0.1, 120),
        "flat": tensor([2, 24], "uint8", "flat.npy", 0.1, 120),
        "gemm": tensor([2, 10], "uint8", "gemm.npy", 1.5, 100),
        "sum": tensor([2, 10], "uint8", "sum.npy", 2.5, 90),
        "output": tensor([2, 10], "float32", "output.npy"),
    }
    ops = [
        {"op": "quantize", "name": "QuantizeLinear", "inputs": ["input"], "outputs": ["q"], "rounding": "onnxruntime"},
        {"op": "conv_2d", "name": "QLinearConv", "inputs": ["q"], "outputs": ["conv"], "layout": "nchw",
         "kernel": [3, 3], "stride": [2, 2], "dilation": [1, 1], "pads": [1, 1, 1, 1], "groups": 2,
         "layer": layer(d, "onnx_conv", rng, 6, 18, 128, 120, 0.04, 0.1, dtype="uint8", extra={"output_min": 120})},
        {"op": "max_pool_2d", "name": "MaxPool", "inputs": ["conv"], "outputs": ["pool"], "layout": "nchw",
         "kernel": [2, 2], "stride": [1, 1], "pads": [0, 0, 0, 0]},
        {"op": "reshape", "name": "Flatten", "inputs": ["pool"], "outputs": ["flat"]},
        {"op": "fully_connected", "name": "QGemm", "inputs": ["flat"], "outputs": ["gemm"],
         "layer": layer(d, "onnx_gemm", rng, 10, 24, 120, 100, 0.1, 1.5, dtype="uint8")},
        {"op": "add", "name": "QLinearAdd", "inputs": ["gemm", "gemm"], "outputs": ["sum"], "rounding": "onnxruntime"},
        {"op": "dequantize", "name": "DequantizeLinear", "inputs": ["sum"], "outputs": ["output"]},
    ]
    return t, ops


def bad_networks(d, net):
    """network.json broken one way each: (case, op or tensor named in the message, expected problem)."""
    cases = []

    def case(name, change, where, problem):
        n = json.loads(json.dumps(net))
        change(n)
        save_json(f"{d}/bad_{name}.json", n)
        cases.append((name, where, problem))

    def op(n, name):
        return next(o for o in n["ops"] if o["name"] == name)

    def set_op(name, field, value):
        return lambda n: op(n, name).__setitem__(field, value)

    case("unknown_op", set_op("fc", "op", "softmax"), "op 'fc'", "unknown op 'softmax'")
    case("unknown_op_field", set_op("conv", "padding", "SAME"), "op 'conv'", "unknown field 'padding'")
    case("unknown_top_field", lambda n: n.__setitem__("author", "x"), "", "unknown field 'author'")
    case("reshape_shape", lambda n: n["tensors"]["h4"].__setitem__("shape", [1, 4, 4, 3]), "op 'flat_to_image'",
         "input .1, 32. and output .1, 4, 4, 3. differ in their number of elements")
    case("read_before_written", lambda n: n["ops"].insert(0, n["ops"].pop(1)), "op 'fc'",
         "reads tensor 'xq' before any op writes it")
    case("written_twice", lambda n: op(n, "flat_to_image").__setitem__("outputs", ["h"]), "op 'flat_to_image'",
         "writes tensor 'h', already written by op 'fc'")
    case("layout", set_op("conv", "layout", "nwhc"), "op 'conv'", "'layout' must be nhwc or nchw, got 'nwhc'")
    case("pads_length", set_op("conv", "pads", [1, 1, 1]), "op 'conv'", "'pads' must be an array of 4 integers")
    case("stride_zero", set_op("depthwise", "stride", [0, 2]), "op 'depthwise'", "'stride'.0. = 0 outside .1, 65535.")
    case("groups_fraction", set_op("conv", "groups", 1.0), "op 'conv'", "'groups' must be an integer")
    case("groups_divide", set_op("conv", "groups", 3), "op 'conv'", "groups 3 do not divide the input's 2 channels")
    case("kernel_k", set_op("conv", "kernel", [2, 3]), "op 'conv'",
         "the layer's K = 18, the window needs KH . KW . C / G = 12")
    case("zero_point_range", lambda n: n["tensors"]["xq"].__setitem__("zero_point", 200), "tensor 'xq'",
         "'zero_point' = 200 outside .-128, 127.")
    case("scale_nan", lambda n: n["tensors"]["c"].__setitem__("scale", "NaN"), "tensor 'c'", "'scale' must be a number")
    case("scale_not_float32", lambda n: n["tensors"]["c"].__setitem__("scale", 1e39), "tensor 'c'",
         "'scale' = 1e.39 must be a positive finite float32")
    case("missing_layer", set_op("fc", "layer", "layers/nowhere.json"), "op 'fc'", "[^ ]*layers/nowhere.json: cannot open")
    bad_layer = json.load(open(f"{d}/layers/conv.json"))
    bad_layer["input_zero_point"] = 0
    save_json(f"{d}/layers/conv_zp0.json", bad_layer)
    case("layer_zero_point", set_op("conv", "layer", "layers/conv_zp0.json"), "op 'conv'",
         "the layer's input_zero_point 0 differs from input 'h4''s zero point 5")
    case("dequantize_dtype", lambda n: n["tensors"]["y"].update({"dtype": "int8", "scale": 0.1, "zero_point": 0}),
         "op 'dequant'", "output 'y' must be float32")
    case("add_rounding", set_op("add", "rounding", "bankers"), "op 'add'", "unknown add rounding 'bankers'")
    case("pool_pads", set_op("maxpool", "pads", [2, 0, 0, 0]), "op 'maxpool'", "'pads' must be smaller than the kernel")
    case("output_min_max", set_op("maxpool", "output_min", 100), "op 'maxpool'", "output_min 100 is above output_max 90")
    case("unused_tensor", lambda n: n["tensors"].__setitem__("orphan", {"shape": [1], "dtype": "float32", "trace": "o.npy"}),
         "", "tensor 'orphan' is neither read nor written by any op")
    case("trace_name", lambda n: n["tensors"]["c"].__setitem__("trace", "../c.npy"), "tensor 'c'",
         "'trace' = '../c.npy' must be a file name")
    case("version", lambda n: n.__setitem__("version", 2), "", "'version' 2 is not supported")
    case("window_output", lambda n: n["tensors"]["dw"].__setitem__("shape", [1, 3, 2, 4]), "op 'depthwise'",
         "output height is 3, the window gives 2")
    with open(f"{d}/bad_truncated.json", "w") as f:
        f.write(json.dumps(net)[:200])
    cases.append(("truncated", "", "not valid JSON"))
    with open(f"{d}/bad_duplicate_key.json", "w") as f:
        f.write(json.dumps(net).replace('"op": "reshape"', '"op": "reshape", "op": "reshape"'))
    cases.append(("duplicate_key", "", "field 'op' is given twice"))
    # One line per case for the CMake test list: name|where|problem.
    with open(f"{d}/bad_cases.txt", "w") as f:
        for c in cases:
            f.write("|".join(c) + "\n")


def main():
    d = sys.argv[1]
    os.makedirs(f"{d}/layers", exist_ok=True)
    rng = np.random.default_rng(11)
    t, ops = nhwc_network(d, rng)
    net = {"format": "qmac-network", "version": 1, "model": "test.tflite", "runtime": "litert",
           "match": "litert-builtin", "inputs": ["x"], "outputs": ["y"], "tensors": t, "ops": ops}
    save_json(f"{d}/network.json", net)
    # The same network from its int8 input on: a float32 input is quantized with xq's scale, as 'quant' does.
    int8 = json.loads(json.dumps(net))
    int8["inputs"] = ["xq"]
    del int8["tensors"]["x"]
    int8["ops"] = int8["ops"][1:]
    save_json(f"{d}/network_int8.json", int8)
    np.save(f"{d}/x.npy", rng.uniform(-6, 6, (1, 16)).astype(np.float32))
    np.save(f"{d}/x_int8.npy", rng.integers(-128, 128, (1, 16)).astype(np.int8))
    t, ops = onnx_network(d, rng)
    save_json(f"{d}/network_onnx.json", {"format": "qmac-network", "version": 1, "model": "test.onnx",
                                         "runtime": "onnxruntime", "match": "onnxruntime", "inputs": ["input"],
                                         "outputs": ["output"], "tensors": t, "ops": ops})
    np.save(f"{d}/input_onnx.npy", rng.uniform(-5, 5, (2, 4, 5, 5)).astype(np.float32))
    np.save(f"{d}/x_wrong_shape.npy", rng.uniform(-6, 6, (1, 15)).astype(np.float32))
    np.save(f"{d}/x_float64.npy", rng.uniform(-6, 6, (1, 16)))
    np.save(f"{d}/ties.npy", np.array([0.25, -0.25, 0.75, -0.75, 1000.0], dtype=np.float32))  # halves at scale 0.5
    bad_networks(d, net)
    # A seed layer whose accumulators pass 2^24, where float32(acc) rounds: its integer stand-in on the
    # hardware is not exact, so hls and rtl refuse the network, naming the op (golden runs it).
    np.save(f"{d}/layers/big_w.npy", np.full((2, 1100), 127, dtype=np.int8))
    save_json(f"{d}/layers/big.json", {"weights": "big_w.npy", "requant": {"mode": "seed", "scale": 5.1e-6},
                                       "output_dtype": "int8"})
    save_json(f"{d}/network_inexact.json", {
        "format": "qmac-network", "version": 1, "model": "big.tflite", "runtime": "litert", "match": "litert-reference",
        "inputs": ["a"], "outputs": ["b"],
        "tensors": {"a": tensor([1, 1100], "int8", "a.npy", 0.1, 0), "b": tensor([1, 2], "int8", "b.npy", 1.0, 0)},
        "ops": [{"op": "fully_connected", "name": "big_fc", "inputs": ["a"], "outputs": ["b"], "layer": "layers/big.json"}]})
    np.save(f"{d}/a_big.npy", rng.integers(-128, 128, (1, 1100)).astype(np.int8))


if __name__ == "__main__":
    main()
