"""Writes the digits example's convolutional network (examples/digits/models.py: conv3x3 -> ReLU6 ->
conv3x3 -> ReLU -> max pool -> dense, 8x8x1 in, 10 out) as an int8 .tflite for bench/network: Keras' seeded
initial weights, untrained (the speed does not depend on the values), converted by LiteRT's converter as the
example does, calibrated on seeded uniform images in [0, 1).

Usage: network_model.py OUT.tflite   (run with BUILD/venv's python)"""
import importlib.util
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # the converter's C++ logging, before TensorFlow loads

import numpy as np  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS = os.path.join(ROOT, "examples", "digits", "models.py")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: network_model.py OUT.tflite")
    if not os.path.exists(MODELS):
        sys.exit(f"qmac: error: {MODELS}: missing (the digits example's model builders)")
    spec = importlib.util.spec_from_file_location("digits_models", MODELS)
    models = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(models)
    import tensorflow as tf
    tf.get_logger().setLevel("ERROR")
    cnn = models.keras_models(tf, 7)["cnn"]
    # The example's Input has no batch size; LiteRT's converter then writes a SHAPE op for the flatten, which
    # qmac does not import. Called on a batch-1 input, the same layers (same weights) convert without it.
    x = tf.keras.Input((8, 8, 1), batch_size=1)
    cnn = tf.keras.Model(x, cnn(x))
    calibration = np.random.default_rng(7).uniform(0, 1, (32, 8, 8, 1)).astype(np.float32)
    with open(sys.argv[1], "wb") as f:
        f.write(models.to_tflite(tf, cnn, calibration, tf.int8))
    return 0


if __name__ == "__main__":
    sys.exit(main())
