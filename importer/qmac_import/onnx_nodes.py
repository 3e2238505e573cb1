"""What the ONNX reader needs to know of one node: its attributes (checked against the ones qmac understands),
its constant inputs, its scales and zero points, and the geometry of a 2-D window (Conv, MaxPool)."""
import numpy as np
from onnx import helper, numpy_helper

from .errors import ModelError

CODE_RANGE = {"int8": (-128, 127), "uint8": (0, 255)}


class Node:
    """One NodeProto with the model's constants, raising ModelErrors that name the node and its op type."""

    def __init__(self, model_path, proto, index, consts):
        self.proto, self.op = proto, proto.op_type
        self.name = proto.name or f"{proto.op_type}_{index}"
        self.inputs, self.outputs = list(proto.input), list(proto.output)
        self._model, self._consts = model_path, consts

    def error(self, problem):
        return ModelError(self._model, problem, node=self.name, op=self.op)

    def attributes(self, allowed):
        """The node's attributes as {name: value}; one outside `allowed` (a dict of defaults) is an error."""
        values = dict(allowed)
        for a in self.proto.attribute:
            if a.name not in allowed:
                raise self.error(f"attribute '{a.name}' is not supported (qmac reads {', '.join(allowed) or 'none'})")
            values[a.name] = helper.get_attribute_value(a)
        return values

    def input(self, i):
        """The name of input i, or None when it is absent (past the end, or the empty name ONNX uses)."""
        return self.inputs[i] if i < len(self.inputs) and self.inputs[i] else None

    def arity(self, least, most):
        if not least <= len(self.inputs) <= most:
            raise self.error(f"{len(self.inputs)} inputs, expected {least}" + (f" to {most}" if most != least else ""))
        if len(self.outputs) != 1:
            raise self.error(f"{len(self.outputs)} outputs, qmac supports 1")

    def const(self, i, what):
        """Input i as a constant array (an initializer or a Constant node's value)."""
        name = self.input(i)
        if name is None:
            raise self.error(f"missing input {i} ({what})")
        if name not in self._consts:
            raise self.error(f"input '{name}' ({what}) is not a constant initializer: qmac needs constant {what}")
        return self._consts[name]

    def scale(self, i, what, channels=None):
        """A float32 scale: a scalar, or with `channels` also a 1-D array of that many (per channel)."""
        s = self.const(i, what)
        if s.dtype != np.float32:
            raise self.error(f"{what} '{self.inputs[i]}' is {s.dtype}, expected float32")
        if not (s.ndim == 0 or s.size == 1 or (channels is not None and s.shape == (channels,))):
            raise self.error(f"{what} '{self.inputs[i]}' has shape {list(s.shape)}, expected a scalar"
                             + (f" or [{channels}]" if channels is not None else ""))
        if not np.all(np.isfinite(s)) or not np.all(s > 0):
            raise self.error(f"{what} '{self.inputs[i]}' is not finite and > 0: {s.ravel()[:4].tolist()}")
        return s.reshape(-1) if s.ndim else s.reshape(1)

    def zero_point(self, i, what, dtype, channels=None):
        """An integer zero point of `dtype` (ONNX's default 0 when absent), shaped as scale() shapes scales."""
        if self.input(i) is None:
            return np.zeros(1, dtype=np.int64)
        z = self.const(i, what)
        if z.dtype.name != dtype:
            raise self.error(f"{what} '{self.inputs[i]}' is {z.dtype}, expected {dtype} (the type it quantizes)")
        if not (z.ndim == 0 or z.size == 1 or (channels is not None and z.shape == (channels,))):
            raise self.error(f"{what} '{self.inputs[i]}' has shape {list(z.shape)}, expected a scalar"
                             + (f" or [{channels}]" if channels is not None else ""))
        return z.reshape(-1).astype(np.int64)

    def window(self, in_hw, kernel=None):
        """Conv / MaxPool geometry: (kernel [KH, KW], stride, dilation, pads [top, left, bottom, right], out [H, W])
        from kernel_shape, strides, dilations, pads and auto_pad (ONNX's rules; dilation must be 1)."""
        a = self._window_attributes
        k = list(a.get("kernel_shape") or kernel or [])
        if len(k) != 2:
            raise self.error(f"attribute 'kernel_shape' {k}: qmac supports 2-D windows only")
        strides = list(a.get("strides") or [1, 1])
        dilations = list(a.get("dilations") or [1, 1])
        if len(strides) != 2 or min(strides) < 1:
            raise self.error(f"attribute 'strides' {strides}: expected two integers >= 1")
        if dilations != [1, 1]:
            raise self.error(f"attribute 'dilations' {dilations}: qmac supports dilation 1 only")
        auto_pad = a.get("auto_pad", b"NOTSET")
        auto_pad = auto_pad.decode() if isinstance(auto_pad, bytes) else auto_pad
        if auto_pad == "NOTSET":
            pads = list(a.get("pads") or [0, 0, 0, 0])
            if len(pads) != 4 or min(pads) < 0:
                raise self.error(f"attribute 'pads' {pads}: expected four integers >= 0")
            out = [(in_hw[d] + pads[d] + pads[d + 2] - k[d]) // strides[d] + 1 for d in range(2)]
        elif auto_pad == "VALID":
            pads = [0, 0, 0, 0]
            out = [(in_hw[d] - k[d]) // strides[d] + 1 for d in range(2)]
        elif auto_pad in ("SAME_UPPER", "SAME_LOWER"):
            out = [-(-in_hw[d] // strides[d]) for d in range(2)]
            total = [max((out[d] - 1) * strides[d] + k[d] - in_hw[d], 0) for d in range(2)]
            small = [t // 2 for t in total]
            big = [t - t // 2 for t in total]
            # SAME_UPPER puts the odd padding at the end, SAME_LOWER at the beginning (ONNX's definition)
            pads = small + big if auto_pad == "SAME_UPPER" else big + small
        else:
            raise self.error(f"attribute 'auto_pad' '{auto_pad}' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER")
        if min(out) < 1:
            raise self.error(f"the window {k} with pads {pads} does not fit the input {list(in_hw)}")
        return k, strides, dilations, pads, out

    def with_window(self, allowed):
        """attributes() for an op with a window; window() reads them afterwards."""
        self._window_attributes = self.attributes(allowed)
        return self._window_attributes


def constants(graph, model_path):
    """The graph's initializers and Constant nodes' values, by name."""
    consts = {}
    for t in graph.initializer:
        consts[t.name] = _array(t, model_path)
    for n in graph.node:
        if n.op_type == "Constant" and n.domain in ("", "ai.onnx"):
            attrs = {a.name: a for a in n.attribute}
            if set(attrs) != {"value"}:
                raise ModelError(model_path, f"attributes {sorted(attrs)}: qmac reads Constant 'value' only",
                                 node=n.name or n.output[0], op="Constant")
            consts[n.output[0]] = _array(attrs["value"].t, model_path)
    return consts


def _array(tensor, model_path):
    if tensor.data_location == 1:  # TensorProto.EXTERNAL
        raise ModelError(model_path, f"initializer '{tensor.name}' is stored in an external file: not supported")
    try:
        return numpy_helper.to_array(tensor)
    except Exception as e:  # onnx raises several types for malformed tensors
        raise ModelError(model_path, f"initializer '{tensor.name}' is malformed ({type(e).__name__}: {e})") from None
