"""Writes the .tflite models of the import tests into OUTDIR (one TensorFlow start for all of them):
every model of models.MODELS (converted with a representative dataset, random weights), the tie-aiming
rewrites of models.TIES (name_ties.tflite), the RELU_N1_TO_1 rewrites of models.N1_TO_1 (name_n1.tflite), and two rewrites that no converter writes, for the bad-input
test: a fused TANH (fused_tanh.tflite) and weights that are not a constant (weights_input.tflite).

Usage: make_models.py OUTDIR   (run with BUILD/venv's python)"""
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # the converter's C++ logging, before TensorFlow loads

import numpy as np  # noqa: E402

import models  # noqa: E402


def rewrite(buf, change):
    """The model with change(model_object) applied, written back with the pinned wheel's schema module."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema
    model = schema.ModelT.InitFromPackedBuf(buf, 0)
    change(model, schema)
    b = flatbuffers.Builder(len(buf) + 1024)
    b.Finish(model.Pack(b), file_identifier=b"TFL3")
    return bytes(b.Output())


def fused_tanh(model, schema):
    model.subgraphs[0].operators[0].builtinOptions.fusedActivationFunction = schema.ActivationFunctionType.TANH


def relu_n1_to_1(model, schema):
    for op in model.subgraphs[0].operators:
        if hasattr(op.builtinOptions, "fusedActivationFunction"):
            op.builtinOptions.fusedActivationFunction = schema.ActivationFunctionType.RELU_N1_TO_1


def weights_input(model, schema):
    op = model.subgraphs[0].operators[0]
    model.subgraphs[0].tensors[op.inputs[1]].buffer = 0  # buffer 0 is the empty one: no constant data


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    import tensorflow as tf
    tf.get_logger().setLevel("ERROR")
    rng = np.random.default_rng(11)
    built = {}
    for name in models.MODELS:
        built[name], _ = models.build(tf, name, rng)
    for name in models.TIES:
        built[name + "_ties"] = models.aim_at_ties(built[name], rng)
    for name in models.CLAMPS:
        built[name + "_clamps"] = models.aim_at_ties(built[name], rng, reach_clamps=True)
    for name in models.N1_TO_1:
        built[name + "_n1"] = rewrite(built[name], relu_n1_to_1)
    built["fused_tanh"] = rewrite(built["mlp"], fused_tanh)
    built["weights_input"] = rewrite(built["mlp"], weights_input)
    for name, buf in built.items():
        with open(os.path.join(out, name + ".tflite"), "wb") as f:
            f.write(buf)
    print(f"make_models: {len(built)} models in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
