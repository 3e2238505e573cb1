"""The small Keras models of the TFLite import test, converted to full-integer .tflite flatbuffers by
tensorflow-cpu's converter with a representative dataset (random weights; each model is built from the
seed it is given, so a run is repeatable). `build(tf, name, rng) -> bytes`; NAMES lists them all."""
import contextlib
import os
import sys

import numpy as np


@contextlib.contextmanager
def quiet():
    """The converter prints its progress to the process's stdout and stderr: hide it (errors still raise)."""
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


def _randomize(model, rng):
    """Random weights, spread per layer, and non-zero biases (Keras initialises biases to 0)."""
    for layer in model.layers:
        ws = layer.get_weights()
        if ws:
            layer.set_weights([rng.normal(0, rng.uniform(0.1, 0.6), w.shape).astype(np.float32) for w in ws])


def _mlp(tf, rng):
    x = tf.keras.Input((24,), batch_size=2)
    h = tf.keras.layers.Dense(16, activation="relu")(x)
    h = tf.keras.layers.Dense(12, activation="relu6")(h)
    return tf.keras.Model(x, tf.keras.layers.Dense(5)(h)), (2, 24)


def _cnn(tf, rng):
    x = tf.keras.Input((9, 9, 2), batch_size=1)
    h = tf.keras.layers.Conv2D(4, 3, padding="same", activation="relu6")(x)
    h = tf.keras.layers.Conv2D(6, 3, strides=2, padding="valid", activation="relu6")(h)
    h = tf.keras.layers.MaxPooling2D(2, padding="same")(h)
    h = tf.keras.layers.Flatten()(h)
    return tf.keras.Model(x, tf.keras.layers.Dense(5)(h)), (1, 9, 9, 2)


def _depthwise(tf, rng):
    x = tf.keras.Input((8, 7, 3), batch_size=1)
    h = tf.keras.layers.DepthwiseConv2D(3, strides=2, padding="same", depth_multiplier=2, activation="relu")(x)
    h = tf.keras.layers.DepthwiseConv2D(3, padding="valid")(h)
    return tf.keras.Model(x, h), (1, 8, 7, 3)


def _add(tf, rng):
    x = tf.keras.Input((6, 6, 3), batch_size=1)
    a = tf.keras.layers.Conv2D(4, 3, padding="same")(x)
    b = tf.keras.layers.Conv2D(4, 1, padding="same", activation="relu")(x)
    h = tf.keras.layers.Add()([a, b])
    return tf.keras.Model(x, tf.keras.layers.Conv2D(3, 3, strides=2, padding="same")(h)), (1, 6, 6, 3)


def _avgpool(tf, rng):
    x = tf.keras.Input((7, 7, 3), batch_size=1)
    h = tf.keras.layers.Conv2D(5, 3, padding="same", activation="relu")(x)
    h = tf.keras.layers.AveragePooling2D(2, strides=2, padding="same")(h)
    h = tf.keras.layers.AveragePooling2D(3, strides=1, padding="valid")(h)
    return tf.keras.Model(x, h), (1, 7, 7, 3)


def _tanh(tf, rng):  # unsupported op, for the bad-input cases
    x = tf.keras.Input((8,), batch_size=1)
    return tf.keras.Model(x, tf.keras.layers.Dense(4, activation="tanh")(x)), (1, 8)


def _dilated(tf, rng):  # dilation 2, for the bad-input cases
    x = tf.keras.Input((9, 9, 2), batch_size=1)
    return tf.keras.Model(x, tf.keras.layers.Conv2D(3, 3, dilation_rate=2)(x)), (1, 9, 9, 2)


# name -> (builder, io type, per-channel weights, quantized)
MODELS = {
    "mlp": (_mlp, "int8", True, True),
    "mlp_uint8": (_mlp, "uint8", True, True),
    "mlp_per_tensor": (_mlp, "int8", False, True),
    "cnn": (_cnn, "int8", True, True),
    "cnn_uint8_per_tensor": (_cnn, "uint8", False, True),
    "depthwise": (_depthwise, "int8", True, True),
    "depthwise_per_tensor": (_depthwise, "int8", False, True),
    "add": (_add, "int8", True, True),
    "avgpool_uint8": (_avgpool, "uint8", True, True),
    # bad input: not importable
    "tanh": (_tanh, "int8", True, True),
    "dilated": (_dilated, "int8", True, True),
    "float": (_mlp, "float32", True, False),
}
GOOD = [n for n in MODELS if n not in ("tanh", "dilated", "float")]


def build(tf, name, rng):
    """(the .tflite flatbuffer, the model's input shape)."""
    builder, io, per_channel, quantized = MODELS[name]
    model, shape = builder(tf, rng)
    _randomize(model, rng)
    conv = tf.lite.TFLiteConverter.from_keras_model(model)
    if quantized:
        spread = rng.uniform(0.5, 3.0)
        conv.optimizations = [tf.lite.Optimize.DEFAULT]
        conv.representative_dataset = lambda: ([rng.normal(0.2, spread, shape).astype(np.float32)] for _ in range(8))
        conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
        conv.inference_input_type = conv.inference_output_type = getattr(tf, io)
        conv._experimental_disable_per_channel = not per_channel
    with quiet():
        return conv.convert(), shape
