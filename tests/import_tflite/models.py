"""The small Keras models of the TFLite import test, converted to full-integer .tflite flatbuffers by
tensorflow-cpu's converter with a representative dataset (random weights; each model is built from the
seed it is given, so a run is repeatable). `build(tf, name, rng) -> bytes`; NAMES lists them all."""
import numpy as np

from qmac_import.silence import quiet


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


def _depthwise12(tf, rng):  # 12 channels: LiteRT's builtin kernel rounds 0-7 and 8-11 differently
    x = tf.keras.Input((10, 10, 12), batch_size=1)
    return tf.keras.Model(x, tf.keras.layers.DepthwiseConv2D(3, padding="same")(x)), (1, 10, 10, 12)


def _depthwise6(tf, rng):  # 6 channels, all in the builtin kernel's scalar output stage
    x = tf.keras.Input((10, 10, 6), batch_size=1)
    return tf.keras.Model(x, tf.keras.layers.DepthwiseConv2D(3, padding="same")(x)), (1, 10, 10, 6)


def _add_wide(tf, rng):
    x = tf.keras.Input((12, 12, 8), batch_size=1)
    a = tf.keras.layers.Conv2D(8, 1)(x)
    b = tf.keras.layers.DepthwiseConv2D(3, padding="same")(x)
    return tf.keras.Model(x, tf.keras.layers.Add()([a, b])), (1, 12, 12, 8)


def _add_odd(tf, rng):  # 75 elements: not a whole number of any vector loop's blocks
    x = tf.keras.Input((5, 5, 3), batch_size=1)
    a = tf.keras.layers.Conv2D(3, 1)(x)
    b = tf.keras.layers.Conv2D(3, 3, padding="same")(x)
    return tf.keras.Model(x, tf.keras.layers.Add()([a, b])), (1, 5, 5, 3)


def _avgpool(tf, rng):
    x = tf.keras.Input((7, 7, 3), batch_size=1)
    h = tf.keras.layers.Conv2D(5, 3, padding="same", activation="relu")(x)
    h = tf.keras.layers.AveragePooling2D(2, strides=2, padding="same")(h)
    h = tf.keras.layers.AveragePooling2D(3, strides=1, padding="valid")(h)
    return tf.keras.Model(x, h), (1, 7, 7, 3)


def _fc21(tf, rng):  # 21 inputs, 13 outputs: LiteRT's vector loops (16, 8) with a scalar tail each
    x = tf.keras.Input((21,), batch_size=1)
    return tf.keras.Model(x, tf.keras.layers.Dense(13, activation="relu")(x)), (1, 21)


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
    "add_wide": (_add_wide, "int8", True, True),
    "add_odd": (_add_odd, "int8", True, True),
    "depthwise12": (_depthwise12, "int8", True, True),
    "depthwise6": (_depthwise6, "int8", True, True),
    "mlp_float_io": (_mlp, "float32", True, True),  # QUANTIZE from float32 in, DEQUANTIZE out
    "fc21_float_io": (_fc21, "float32", False, True),
    # bad input: not importable
    "tanh": (_tanh, "int8", True, True),
    "dilated": (_dilated, "int8", True, True),
    "float": (_mlp, "float32", True, False),
}
GOOD = [n for n in MODELS if n not in ("tanh", "dilated", "float")]
# Rewritten by aim_at_ties as NAME_ties (the ops without a fused activation show the negative ties).
TIES = ["cnn", "depthwise", "depthwise_per_tensor", "add", "avgpool_uint8", "mlp_uint8", "add_wide", "add_odd", "depthwise12", "depthwise6"]
# Rewritten by aim_at_ties(reach_clamps=True) as NAME_clamps (their ReLU and ReLU6 bounds matter).
CLAMPS = ["cnn", "mlp"]
# NAME_clamps rewritten with every fused activation set to RELU_N1_TO_1, as NAME_n1 (no converter writes it
# from Keras; its clamp, [-1, 1] in the output's scale, lies inside the code range there).
N1_TO_1 = ["mlp_clamps"]


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


def aim_at_ties(buf, rng, reach_clamps=False):
    """The model rewritten so that its MAC ops' accumulators often land on exact ties of every rounding:
    every activation scale 2^-3 or 3 * 2^-4 (zero point 0 for int8, 128 for uint8), weights in [-4, 4] with scales
    2^-b, b in [4, 6] (per channel where the model has it), biases in [-24, 24] with scale in * w. Each
    real multiplier is then 2^-b, 1.5 * 2^-b or 2^-b / 1.5; fed codes within 6 of the zero point the outputs stay inside the clamps.
    reach_clamps: every activation scale 5 * 2^-6 instead (where 6 / scale = 76.8, so that TFLite's rounded
    RELU6 bound 77 differs from a truncated one) and a third of each layer's channels biased by +3000, a
    third by -3000, so that many outputs sit on the fused activations' clamps.
    Parsed and written back with the schema module of the pinned ai-edge-litert wheel."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema
    model = schema.ModelT.InitFromPackedBuf(buf, 0)
    g = model.subgraphs[0]
    mac = (schema.BuiltinOperator.FULLY_CONNECTED, schema.BuiltinOperator.CONV_2D,
           schema.BuiltinOperator.DEPTHWISE_CONV_2D)
    consts = set()
    for op in g.operators:
        c = model.operatorCodes[op.opcodeIndex]
        if max(c.builtinCode, c.deprecatedBuiltinCode) not in mac:
            continue
        w, b = g.tensors[op.inputs[1]], (g.tensors[op.inputs[2]] if len(op.inputs) > 2 and op.inputs[2] >= 0 else None)
        consts.update(i for i in op.inputs[1:3] if i >= 0)
        exps = rng.integers(4, 7, len(w.quantization.scale))
        w.quantization.scale = [float(2.0 ** -e) for e in exps]
        w.quantization.zeroPoint = [0] * len(exps)
        model.buffers[w.buffer].data = rng.integers(-4, 5, int(np.prod(w.shape))).astype(np.int8)
        if b is not None:
            b.quantization.zeroPoint = [0] * len(exps)
            bias = rng.integers(-24, 25, int(np.prod(b.shape)))
            if reach_clamps:
                bias += np.array([3000, -3000, 0])[np.arange(bias.size) % 3]
            model.buffers[b.buffer].data = np.frombuffer(bias.astype("<i4").tobytes(), np.uint8)
    scales = {}
    for i, t in enumerate(g.tensors):
        if i in consts or t.quantization is None or t.quantization.scale is None or len(t.quantization.scale) != 1:
            continue
        if t.type in (schema.TensorType.INT8, schema.TensorType.UINT8):
            scales[i] = 5 * 2.0 ** -6 if reach_clamps else float(rng.choice([2.0 ** -3, 3 * 2.0 ** -4]))
            t.quantization.zeroPoint = [0 if t.type == schema.TensorType.INT8 else 128]
    # Ops whose output quantization must equal their input's (pools, reshape; QUANTIZE between int8 and
    # uint8 keeps the scale, so that its zero point shift by 128 is exact) take it over, in op order.
    same = (schema.BuiltinOperator.MAX_POOL_2D, schema.BuiltinOperator.AVERAGE_POOL_2D,
            schema.BuiltinOperator.RESHAPE, schema.BuiltinOperator.QUANTIZE)
    for op in g.operators:
        c = model.operatorCodes[op.opcodeIndex]
        if max(c.builtinCode, c.deprecatedBuiltinCode) in same and op.inputs[0] in scales and op.outputs[0] in scales:
            scales[op.outputs[0]] = scales[op.inputs[0]]
    for op in g.operators:  # ADD: three different scales, whose ratios make exact ties of its rescalings
        c = model.operatorCodes[op.opcodeIndex]
        if max(c.builtinCode, c.deprecatedBuiltinCode) == schema.BuiltinOperator.ADD and not reach_clamps:
            for i, v in zip(list(op.inputs) + list(op.outputs), (2.0 ** -3, 3 * 2.0 ** -4, 2.0 ** -3)):
                scales[i] = v
    for i, v in scales.items():
        g.tensors[i].quantization.scale = [v]
    for op in g.operators:  # the bias scale LiteRT checks: in * w
        c = model.operatorCodes[op.opcodeIndex]
        if max(c.builtinCode, c.deprecatedBuiltinCode) in mac and len(op.inputs) > 2 and op.inputs[2] >= 0:
            w, b = g.tensors[op.inputs[1]], g.tensors[op.inputs[2]]
            b.quantization.scale = [scales[op.inputs[0]] * v for v in w.quantization.scale]
    builder = flatbuffers.Builder(len(buf) + 1024)
    builder.Finish(model.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())
