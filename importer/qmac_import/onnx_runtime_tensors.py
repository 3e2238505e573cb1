"""The ONNX Runtime side of `qmac compare`: runs the model (CPU, default graph optimizations) and returns every
tensor the network names (runtime_tensors.py writes them as TDIR/<trace name>, docs/network-format.md).

A tensor inside the graph cannot simply be added to the graph outputs: measured with ONNX Runtime 1.32 on an
AVX2 CPU (no VNNI), a QuantizeLinear output that is also a graph output, or that has any other extra consumer
(an Identity, a Cast, a second DequantizeLinear), stops the fusion of the QDQ groups that write and read it
(their Conv then runs in float and the results change). So each inner tensor T is read from a model of its
own: the nodes T depends on, then one DequantizeLinear of T as the only output, the shape every QDQ group's
QuantizeLinear -> DequantizeLinear already has; T's codes come back exactly from that float (checked).
"""
import numpy as np
import onnx
import onnxruntime as ort
from onnx import helper, numpy_helper

from .errors import ModelError


def session(model_bytes):
    options = ort.SessionOptions()
    options.log_severity_level = 3  # errors only: a cut model's unused initializers are warned about otherwise
    return ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])


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
        raise ModelError(model_path, f"tensor '{name}': ONNX Runtime's values are not codes of its quantization")
    return codes


def tensors(network, model_path, x):
    """{tensor name: array} of every tensor the network names, as ONNX Runtime computes it (the contract of
    runtime_tensors.RUNTIMES)."""
    model = onnx.load(model_path)
    name = network["inputs"][0]
    want = network["tensors"][name]
    if x.dtype.name != want["dtype"] or list(x.shape) != want["shape"]:
        raise ModelError("input", f"{x.dtype}{list(x.shape)}, the model takes {want['dtype']}{want['shape']}")
    feed = {name: x}
    graph_outputs = [o.name for o in model.graph.output]
    got = dict(zip(graph_outputs, session(model.SerializeToString()).run(None, feed)))
    got[name] = x
    for t, entry in network["tensors"].items():
        if t not in got:
            if entry["dtype"] not in ("int8", "uint8"):
                raise ModelError(model_path, f"tensor '{t}' is {entry['dtype']} inside the graph: only quantized tensors are read there")
            got[t] = inner_tensor(model, t, entry, feed)
    return got
