"""The ONNX Runtime side of `qmac compare`: runs the model (CPU, default graph optimizations) and writes every
tensor the network names as TDIR/<its trace name> (docs/network-format.md).

A tensor inside the graph cannot simply be added to the graph outputs: measured with ONNX Runtime 1.32 on an
AVX2 CPU (no VNNI), a QuantizeLinear output that is also a graph output, or that has any other extra consumer
(an Identity, a Cast, a second DequantizeLinear), stops the fusion of the QDQ groups that write and read it
(their Conv then runs in float and the results change). So each inner tensor T is read from a model of its
own: the nodes T depends on, then one DequantizeLinear of T as the only output, the shape every QDQ group's
QuantizeLinear -> DequantizeLinear already has; T's codes come back exactly from that float (checked).
"""
import os

import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper


def session(model_bytes):
    options = ort.SessionOptions()
    options.log_severity_level = 3  # errors only: a cut model's unused initializers are warned about otherwise
    return ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])


def model_input(network, x):
    """x as the model takes it: a float32 input for a quantized model input is quantized as ONNX Runtime's
    QuantizeLinear does (round_half_even(clamp(x / scale)) + zero point, float32)."""
    t = network["tensors"][network["inputs"][0]]
    if t["dtype"] == x.dtype.name:
        return x
    if x.dtype != np.float32 or t["dtype"] not in ("int8", "uint8"):
        raise ValueError(f"input is {x.dtype}, the model's input {t['dtype']}")
    lo, hi = np.iinfo(t["dtype"]).min, np.iinfo(t["dtype"]).max
    zp = t["zero_point"]
    q = np.rint(np.clip(x / np.float32(t["scale"]), np.float32(lo - zp), np.float32(hi - zp))) + zp
    return q.astype(t["dtype"])


def ancestors(graph, target):
    """The nodes `target` depends on, in graph order."""
    producer = {o: n for n in graph.node for o in n.output}
    keep, todo = set(), [target]
    while todo:
        n = producer.get(todo.pop())
        if n is not None and id(n) not in keep:
            keep.add(id(n))
            todo.extend(i for i in n.input if i)
    return [n for n in graph.node if id(n) in keep]


def inner_tensor(model, name, entry, feed):
    """The codes of an int8/uint8 tensor inside the graph, read through a DequantizeLinear of its own."""
    cut = onnx.ModelProto()
    cut.CopyFrom(model)
    del cut.graph.node[:]
    cut.graph.node.extend(ancestors(model.graph, name))
    del cut.graph.output[:]
    scale, zp = f"{name}__qmac_scale", f"{name}__qmac_zero_point"
    cut.graph.initializer.extend([numpy_helper.from_array(np.array(entry["scale"], np.float32), scale),
                                  numpy_helper.from_array(np.array(entry["zero_point"], entry["dtype"]), zp)])
    cut.graph.node.append(helper.make_node("DequantizeLinear", [name, scale, zp], [name + "__qmac"]))
    cut.graph.output.append(helper.make_tensor_value_info(name + "__qmac", onnx.TensorProto.FLOAT, entry["shape"]))
    real = session(cut.SerializeToString()).run(None, feed)[0]
    codes = np.rint(real / np.float32(entry["scale"])) + entry["zero_point"]
    codes = codes.astype(entry["dtype"])
    # DequantizeLinear is float32(q - zp) * scale: the codes must give back exactly what ONNX Runtime computed
    if not np.array_equal((codes.astype(np.float32) - np.float32(entry["zero_point"])) * np.float32(entry["scale"]), real):
        raise ValueError(f"tensor '{name}': ONNX Runtime's values are not codes of its quantization")
    return codes


def run(network, model_path, x):
    """{tensor name: array} of every network tensor as ONNX Runtime computes it."""
    model = onnx.load(model_path)
    x = model_input(network, x)
    name = network["inputs"][0]
    feed = {name: x}
    graph_outputs = [o.name for o in model.graph.output]
    got = dict(zip(graph_outputs, session(model.SerializeToString()).run(None, feed)))
    got[name] = x
    for t, entry in network["tensors"].items():
        if t not in got:
            if entry["dtype"] not in ("int8", "uint8"):
                raise ValueError(f"tensor '{t}' is {entry['dtype']} inside the graph: only quantized tensors are read there")
            got[t] = inner_tensor(model, t, entry, feed)
    return got


def write(network, model_path, x, tdir):
    """Writes every network tensor as TDIR/<trace name>; returns the names written."""
    os.makedirs(tdir, exist_ok=True)
    values = run(network, model_path, x)
    for t, v in values.items():
        entry = network["tensors"][t]
        np.save(os.path.join(tdir, entry["trace"]), np.ascontiguousarray(v), allow_pickle=False)
    return list(values)
