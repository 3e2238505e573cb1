#!/usr/bin/python3
"""Writes a small valid layer and a table of broken inputs for the `qmac run` / `params` / `quantize` tests.

Usage: make_cases.py DIR. Everything is generated with numpy into DIR (the build folder), so no binary
test data lives in the repository.
"""
import json
import os
import sys

import numpy as np


def save_json(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f)


def main():
    d = sys.argv[1]
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(7)
    n, k = 4, 10
    w = rng.integers(-128, 128, (n, k)).astype(np.int8)
    b = rng.integers(-5000, 5000, n).astype(np.int32)
    np.save(f"{d}/w.npy", w)
    np.save(f"{d}/b.npy", b)
    np.save(f"{d}/x.npy", rng.integers(-128, 128, (3, k)).astype(np.int8))
    np.save(f"{d}/x_u8.npy", rng.integers(0, 256, (3, k)).astype(np.uint8))
    np.save(f"{d}/x1d.npy", rng.integers(-128, 128, k).astype(np.int8))
    good = {"weights": "w.npy", "bias": "b.npy", "input_zero_point": 0,
            "requant": {"mode": "tflite", "input_scale": 0.05, "weight_scale": [0.01, 0.02, 0.015, 0.03],
                        "output_scale": 0.4},
            "output_zero_point": 3}
    save_json(f"{d}/layer.json", good)
    save_json(f"{d}/layer_seed.json", {"weights": "w.npy", "bias": "b.npy",
                                       "requant": {"mode": "seed", "scale": 0.0108756}})
    save_json(f"{d}/layer_fp32.json", {"weights": "w.npy", "bias": "b.npy",
                                       "requant": {"mode": "fp32", "scale": [0.001, 0.002, 0.0015, 0.003]}})
    # A seed layer whose accumulators pass 2^24, where float32(acc) rounds: its fixed-point stand-in
    # (truncation) cannot follow every step.
    k_big = 1100
    np.save(f"{d}/w_big.npy", np.full((2, k_big), 127, dtype=np.int8))
    np.save(f"{d}/x_big.npy", rng.integers(-128, 128, (2, k_big)).astype(np.int8))
    save_json(f"{d}/layer_seed_big.json", {"weights": "w_big.npy", "requant": {"mode": "seed", "scale": 5.1e-6}})

    # The layer engine (qmac run --kernel mvu, docs/mvu.md): N = 1030 > MAX_N = 1024 (two tiles, a reload
    # between them), neither N a multiple of PE nor K of SIMD (padding to drop), uint8 weights with a zero
    # point per channel; and K = 4100 > MAX_K = 4096, which the engine refuses and --kernel dot runs.
    n_t, k_t = 1030, 20
    np.save(f"{d}/w_mvu_tiled.npy", rng.integers(0, 256, (n_t, k_t)).astype(np.uint8))
    np.save(f"{d}/b_mvu_tiled.npy", rng.integers(-20000, 20000, n_t).astype(np.int32))
    np.save(f"{d}/x_mvu_tiled.npy", rng.integers(-128, 128, (3, k_t)).astype(np.int8))
    save_json(f"{d}/l_mvu_tiled.json", {
        "weights": "w_mvu_tiled.npy", "bias": "b_mvu_tiled.npy", "input_zero_point": -3,
        "weight_zero_point": [int(z) for z in rng.integers(0, 256, n_t)],
        "requant": {"mode": "tflite", "input_scale": 0.05, "weight_scale": 0.004, "output_scale": 0.9},
        "output_zero_point": -5})
    np.save(f"{d}/w_mvu_big_k.npy", rng.integers(-128, 128, (2, 4100)).astype(np.int8))
    np.save(f"{d}/x_mvu_big_k.npy", rng.integers(-128, 128, (1, 4100)).astype(np.int8))
    save_json(f"{d}/l_mvu_big_k.json", {"weights": "w_mvu_big_k.npy",
                                        "requant": {"mode": "tflite", "input_scale": 0.05, "weight_scale": 0.01,
                                                    "output_scale": 2.0}})

    # Broken npy inputs.
    np.save(f"{d}/x_float.npy", rng.random((3, k)).astype(np.float32))
    np.save(f"{d}/x_wrongk.npy", rng.integers(-128, 128, (3, k - 1)).astype(np.int8))
    np.save(f"{d}/x_3d.npy", rng.integers(-128, 128, (1, 3, k)).astype(np.int8))
    np.save(f"{d}/x_fortran.npy", np.asfortranarray(rng.integers(-128, 128, (3, k)).astype(np.int8)))
    raw = open(f"{d}/x.npy", "rb").read()
    open(f"{d}/x_trunc.npy", "wb").write(raw[:-5])
    open(f"{d}/x_trailing.npy", "wb").write(raw + b"\0\0")
    open(f"{d}/x_notnpy.npy", "w").write("1,2,3\n")
    np.save(f"{d}/b_bigendian.npy", b.astype(">i4"))
    np.save(f"{d}/w_int32.npy", w.astype(np.int32))
    np.save(f"{d}/b_short.npy", b[:3])
    np.save(f"{d}/w_long.npy", np.full((1, 140000), 127, dtype=np.int8))
    np.save(f"{d}/f.npy", np.array([0.5, -1.25, 3.0, 5.9], dtype=np.float64))
    np.save(f"{d}/f_nan.npy", np.array([0.5, -1.25, 3.0, np.nan], dtype=np.float64))

    def variant(name, change=None, drop=None, requant=None):
        obj = json.loads(json.dumps(good))
        if requant is not None:
            obj["requant"] = requant
        for key in drop or []:
            obj.pop(key)
        obj.update(change or {})
        save_json(f"{d}/{name}.json", obj)

    variant("l_no_requant", drop=["requant"])
    variant("l_unknown_mode", requant={"mode": "bfloat", "scale": 0.1})
    # requant.mode as an array, one mode per output channel (N = 4).
    variant("l_modes_length", requant={"mode": ["tflite", "litert_ruy", "tflite"], "scale": 0.1})
    variant("l_modes_unknown", requant={"mode": ["tflite", "tflite", "bfloat", "tflite"], "scale": 0.1})
    variant("l_modes_not_name", requant={"mode": ["tflite", 3, "tflite", "tflite"], "scale": 0.1})
    variant("l_modes_empty", requant={"mode": [], "scale": 0.1})
    variant("l_modes_multiplier_float", requant={"mode": ["tflite", "litert_ruy", "fp32", "tflite"],
                                                 "multiplier": 1073741824, "shift": 0})
    variant("l_modes_shift_single", requant={"mode": ["tflite", "tflite_single", "tflite", "tflite"],
                                             "multiplier": 1073741824, "shift": [0, 31, 0, 0]})
    variant("l_modes_litert_tiny_scale", requant={"mode": ["fp32", "fp32", "litert_ruy", "fp32"], "input_scale": 0.05,
                                                  "weight_scale": [0.01, 0.02, 1e-50, 0.03], "output_scale": 0.4})
    variant("l_scale_zero", requant={"mode": "fp32", "scale": 0})
    variant("l_scale_negative", requant={"mode": "tflite", "scale": -0.5})
    variant("l_shift_alone", requant={"mode": "tflite", "shift": -3})
    variant("l_inconsistent", requant={"mode": "tflite", "scale": 0.25, "multiplier": 1073741824, "shift": 0})
    variant("l_channels", requant={"mode": "tflite", "scale": [0.1, 0.2, 0.3]})
    variant("l_input_zp", {"input_zero_point": 300})
    variant("l_output_zp", {"output_zero_point": -129})
    variant("l_min_max", {"output_min": 10, "output_max": 5})
    variant("l_weights_dtype", {"weights": "w_int32.npy"})
    variant("l_bias_shape", {"bias": "b_short.npy"})
    variant("l_bias_endian", {"bias": "b_bigendian.npy"})
    variant("l_overflow", {"weights": "w_long.npy"}, drop=["bias"], requant={"mode": "tflite", "scale": 0.001})
    variant("l_missing_weights", {"weights": "nowhere.npy"})
    variant("l_unknown_field", {"weigths": "w.npy"})
    variant("l_multiplier_float_mode", requant={"mode": "fp32", "multiplier": 1073741824, "shift": 0})
    variant("l_missing_output_scale", requant={"mode": "tflite", "input_scale": 0.1, "weight_scale": 0.1})
    variant("l_shift_range", requant={"mode": "tflite_single", "multiplier": 1073741824, "shift": 31})
    variant("l_fortran_weights", {"weights": "x_fortran.npy"})
    variant("l_wzp", {"weight_zero_point": 3})
    # Weight zero points per output channel and uint8 weights (docs/layer-format.md).
    np.save(f"{d}/w_u8.npy", rng.integers(0, 256, (n, k)).astype(np.uint8))
    variant("l_wzp_channels", {"weight_zero_point": [0, 0, 2, 0]})
    variant("l_wzp_length", {"weight_zero_point": [1, 2, 3]})
    variant("l_wzp_range", {"weight_zero_point": 128})
    variant("l_wzp_element_range", {"weight_zero_point": [0, 0, -129, 0]})
    variant("l_wzp_fraction", {"weight_zero_point": 1.5})
    variant("l_u8_weights", {"weights": "w_u8.npy", "weight_zero_point": [128, 120, 0, 255]})
    variant("l_u8_weights_zp_range", {"weights": "w_u8.npy", "weight_zero_point": -1})
    variant("l_u8_weights_no_zp", {"weights": "w_u8.npy"})
    # Input and output signedness independent (every TFLite model with uint8 edges has such layers); the
    # output zero points put the outputs across the whole output type.
    variant("l_int8_to_uint8", {"output_dtype": "uint8", "output_zero_point": 128})
    variant("l_uint8_to_int8", {"output_dtype": "int8", "output_zero_point": -100, "input_zero_point": 128})
    # A layer without requantization (ONNX MatMulInteger / ConvInteger): the output is the accumulator.
    variant("l_int32", {"output_dtype": "int32"}, drop=["requant", "output_zero_point"])
    variant("l_int32_requant", {"output_dtype": "int32"}, drop=["output_zero_point"])
    # The LiteRT modes: golden only, for now; litert_reference has a float64 multiplier, no multiplier/shift.
    variant("l_litert_ruy", requant={"mode": "litert_ruy", "input_scale": 0.05, "weight_scale": 0.01,
                                     "output_scale": 0.3})
    variant("l_litert_ruy_shift31", requant={"mode": "litert_ruy", "multiplier": 1073741824, "shift": 31})
    variant("l_litert_reference", requant={"mode": "litert_reference", "scale": [0.001, 0.002, 0.0015, 0.003]})
    variant("l_litert_tiny_scale", requant={"mode": "litert_reference", "input_scale": 1e-50, "weight_scale": 0.01,
                                            "output_scale": 0.3})
    variant("l_litert_reference_multiplier", requant={"mode": "litert_reference", "multiplier": 1073741824,
                                                      "shift": 0})
    # Integers beyond int64 must not wrap (2^64 - 128 once read as -128, 2^64 - 1 as -1).
    variant("l_output_max_2p64", {"output_max": 2**64 - 128})
    variant("l_input_zp_2p64", {"input_zero_point": 2**64 - 1})
    variant("l_output_min_2p63", {"output_min": -(2**63) - 1})
    variant("l_multiplier_fraction", requant={"mode": "tflite", "multiplier": 1073741824.5, "shift": 0})
    # golden's own errors on the framework-scales path must name the layer file too.
    variant("l_real_multiplier_2p31", requant={"mode": "tflite", "input_scale": 1000.0, "weight_scale": 1e7,
                                                "output_scale": 1e-3})
    variant("l_product_infinite", requant={"mode": "tflite", "input_scale": 1e300, "weight_scale": 1e300,
                                            "output_scale": 1.0})
    open(f"{d}/l_not_json.json", "w").write("{ weights: w.npy }")
    open(f"{d}/l_huge_scale.json", "w").write('{"weights": "w.npy", "requant": {"mode": "fp32", "scale": 1e999}}')
    # json.dump cannot repeat a key: written as text.
    open(f"{d}/l_duplicate_key.json", "w").write(
        '{"weights": "w.npy", "requant": {"mode": "tflite", "scale": 0.01, "mode": "seed"}}')
    variant("l_nul_path", change={"weights": "w.npy\0x"})
    # .npy headers that xtensor's parser misread (fuzz/regressions/npy/): empty, a negative dimension, text.
    def raw_npy(name, header, data=b""):
        open(f"{d}/{name}", "wb").write(b"\x93NUMPY\x01\x00" + len(header).to_bytes(2, "little") + header + data)
    raw_npy("x_empty_header.npy", b"", b"\0" * 10)
    raw_npy("x_negative_dim.npy", b"{'descr': '|i1', 'fortran_order': False, 'shape': (-1, 10), }\n")
    raw_npy("x_dim_text.npy", b"{'descr': '|i1', 'fortran_order': False, 'shape': (3x, 10), }\n", b"\0" * 30)
    print(f"wrote layer test cases to {d}")


if __name__ == "__main__":
    sys.exit(main())
