"""The two classifiers of the digits example, trained in Keras, and the same networks as float ONNX graphs
(built from the trained weights with onnx.helper: no converter between the two is pinned)."""
import numpy as np

EPOCHS = 40


def keras_models(tf, seed):
    """{name: Keras model}: an MLP and a small CNN (conv3x3 -> ReLU6 -> conv3x3 -> max pool -> dense)."""
    tf.keras.utils.set_random_seed(seed)
    L = tf.keras.layers
    mlp_in = tf.keras.Input((8, 8, 1))
    h = L.Flatten()(mlp_in)
    h = L.Dense(32, activation="relu")(h)
    mlp = tf.keras.Model(mlp_in, L.Dense(10)(h), name="mlp")
    cnn_in = tf.keras.Input((8, 8, 1))
    h = L.Conv2D(8, 3, padding="same", activation="relu6")(cnn_in)
    h = L.Conv2D(16, 3, padding="same", activation="relu")(h)
    h = L.MaxPooling2D(2)(h)
    h = L.Flatten()(h)
    cnn = tf.keras.Model(cnn_in, L.Dense(10)(h), name="cnn")
    return {"mlp": mlp, "cnn": cnn}


def train(tf, model, x, y):
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01),
                  loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    model.fit(x, y, epochs=EPOCHS, batch_size=64, verbose=0)


def batch_of_one(tf, model):
    """The trained layers over an input of batch 1, as a deployed model has it: with the batch left open the
    converter computes Flatten's shape at run time (SHAPE, STRIDED_SLICE, PACK ops), not a constant RESHAPE."""
    x = tf.keras.Input((8, 8, 1), batch_size=1)
    h = x
    for layer in model.layers[1:]:
        h = layer(h)
    return tf.keras.Model(x, h, name=model.name)


def to_tflite(tf, model, calibration, io_type):
    """Full-integer int8 quantization by LiteRT's converter (the tensorflow-cpu wheel's), int8 or uint8 edges."""
    conv = tf.lite.TFLiteConverter.from_keras_model(batch_of_one(tf, model))
    conv.optimizations = [tf.lite.Optimize.DEFAULT]
    conv.representative_dataset = lambda: ([calibration[i:i + 1]] for i in range(len(calibration)))
    conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS_INT8]
    conv.inference_input_type = conv.inference_output_type = io_type
    return conv.convert()


def to_onnx_float(onnx, name, model):
    """The trained Keras model as a float32 ONNX graph, NCHW (ONNX's convolution layout): conv kernels
    [KH, KW, C, N] -> [N, C, KH, KW]; the dense layer after the CNN's flatten re-ordered from NHWC to NCHW."""
    h = onnx.helper
    nodes, inits = [], []

    def init(n, a):
        inits.append(onnx.numpy_helper.from_array(np.ascontiguousarray(a, dtype=np.float32), n))
        return n

    dense = [l for l in model.layers if l.__class__.__name__ == "Dense"]
    convs = [l for l in model.layers if l.__class__.__name__ == "Conv2D"]
    x = "input"
    if name == "mlp":
        nodes.append(h.make_node("Flatten", [x], ["flat"], axis=1))
        cur = "flat"
        for i, d in enumerate(dense):
            w, b = d.get_weights()
            nodes.append(h.make_node("Gemm", [cur, init(f"w{i}", w.T), init(f"b{i}", b)], [f"fc{i}"], transB=1))
            cur = f"fc{i}"
            if i + 1 < len(dense):
                nodes.append(h.make_node("Relu", [cur], [f"relu{i}"]))
                cur = f"relu{i}"
    else:
        cur = x
        for i, c in enumerate(convs):
            w, b = c.get_weights()
            nodes.append(h.make_node("Conv", [cur, init(f"cw{i}", w.transpose(3, 2, 0, 1)), init(f"cb{i}", b)],
                                     [f"conv{i}"], kernel_shape=[3, 3], pads=[1, 1, 1, 1]))
            cur = f"conv{i}"
            if i == 0:
                nodes.append(h.make_node("Clip", [cur, init("zero", np.array(0)), init("six", np.array(6))], ["act0"]))
            else:
                nodes.append(h.make_node("Relu", [cur], [f"act{i}"]))
            cur = f"act{i}"
        nodes.append(h.make_node("MaxPool", [cur], ["pool"], kernel_shape=[2, 2], strides=[2, 2]))
        nodes.append(h.make_node("Flatten", ["pool"], ["flat"], axis=1))
        w, b = dense[0].get_weights()  # rows in NHWC flatten order (h, w, c) of a [4, 4, 16] map
        w = w.reshape(4, 4, 16, 10).transpose(2, 0, 1, 3).reshape(256, 10)
        nodes.append(h.make_node("Gemm", ["flat", init("w0", w.T), init("b0", b)], ["logits"], transB=1))
        cur = "logits"
    graph = h.make_graph(nodes, name, [h.make_tensor_value_info(x, onnx.TensorProto.FLOAT, [1, 1, 8, 8])],
                         [h.make_tensor_value_info(cur, onnx.TensorProto.FLOAT, [1, 10])], inits)
    m = h.make_model(graph, opset_imports=[h.make_opsetid("", 17)])
    onnx.checker.check_model(m)
    return m
