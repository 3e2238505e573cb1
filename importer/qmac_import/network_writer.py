"""Builds network.json, its layer files and their .npy arrays (docs/network-format.md), and writes them as
one directory that appears whole or not at all."""
import json
import os
import re
import shutil
import tempfile

import numpy as np

FORMAT, VERSION = "qmac-network", 1
MATCHES = {"litert": ("litert-xnnpack", "litert-xnnpack-vnni", "litert-builtin", "litert-reference"),
           "onnxruntime": ("onnxruntime",)}
CODE_RANGE = {"int8": (-128, 127), "uint8": (0, 255)}


def check_scale(what, scale):
    """A quantization scale as the runner reads it: a finite float32 > 0 (docs/network-format.md)."""
    s = float(scale)
    if not (np.isfinite(np.float32(s)) and np.float32(s) > 0):
        raise ValueError(f"{what} {s!r} is not a finite float32 > 0")
    return s


def check_code(what, value, dtype):
    """A zero point in its dtype's code range."""
    v = int(value)
    lo, hi = CODE_RANGE.get(dtype, (None, None))
    if lo is None or not lo <= v <= hi:
        raise ValueError(f"{what} {v} is outside {dtype}'s [{lo}, {hi}]" if lo is not None
                         else f"{what}: the type {dtype} is neither int8 nor uint8")
    return v


class Network:
    def __init__(self, model, runtime, match):
        assert match in MATCHES[runtime], (runtime, match)
        self.model, self.runtime, self.match = model, runtime, match
        self.inputs, self.outputs, self.ops = [], [], []
        self.tensors = {}
        self._layers = {}  # relative path -> (json dict, {npy name: array})
        self._trace_names = set()

    def tensor(self, name, shape, dtype, scale=None, zero_point=None):
        """Declares a tensor (again: it must agree) and returns its name. Raises ValueError for a quantization
        the runner would refuse (a malformed model's): a zero point outside the dtype, a scale that is not a
        finite float32 > 0, a dimension < 1."""
        entry = {"shape": [int(d) for d in shape], "dtype": dtype}
        if min(entry["shape"], default=1) < 1:
            raise ValueError(f"tensor '{name}': shape {entry['shape']} has a dimension < 1")
        if dtype in CODE_RANGE:
            entry["scale"] = check_scale(f"tensor '{name}': scale", scale)
            entry["zero_point"] = check_code(f"tensor '{name}': zero point", zero_point, dtype)
        if name in self.tensors:
            old = {k: v for k, v in self.tensors[name].items() if k != "trace"}
            if old != entry:
                raise ValueError(f"tensor '{name}' declared twice, differently: {old} and {entry}")
            return name
        entry["trace"] = self._trace_name(name)
        self.tensors[name] = entry
        return name

    def _trace_name(self, name):
        stem = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "tensor"
        candidate, i = stem, 1
        while candidate + ".npy" in self._trace_names:
            candidate, i = f"{stem}_{i}", i + 1
        self._trace_names.add(candidate + ".npy")
        return candidate + ".npy"

    def layer(self, stem, weights, bias, fields):
        """A MAC op's layer file (docs/layer-format.md): weights [N, K] int8/uint8, bias int32 [N] or None,
        fields: the layer's other JSON fields. Returns its path relative to network.json. Raises ValueError
        for weight zero points outside the weights' type and scales that are not finite float32 > 0."""
        what = f"layer of '{stem}'"
        wz = fields.get("weight_zero_point", 0)
        for z in (wz if isinstance(wz, (list, tuple)) else [wz]):
            check_code(f"{what}: weight zero point", z, str(np.asarray(weights).dtype))
        for key, v in fields.get("requant", {}).items():
            if key.endswith("scale"):
                for x in (v if isinstance(v, (list, tuple)) else [v]):
                    check_scale(f"{what}: {key}", x)
        stem = f"{len(self._layers):02d}_" + re.sub(r"[^A-Za-z0-9._-]", "_", stem)
        arrays = {f"{stem}_weights.npy": np.ascontiguousarray(weights)}
        spec = {"weights": f"{stem}_weights.npy"}
        if bias is not None:
            arrays[f"{stem}_bias.npy"] = np.ascontiguousarray(bias, dtype=np.int32)
            spec["bias"] = f"{stem}_bias.npy"
        spec.update(fields)
        path = f"layers/{stem}.json"
        self._layers[path] = (spec, arrays)
        return path

    def op(self, op, name, inputs, outputs, **fields):
        for t in list(inputs) + list(outputs):
            if t not in self.tensors:
                raise ValueError(f"op '{name}' uses undeclared tensor '{t}'")
        self.ops.append({"op": op, "name": name, "inputs": list(inputs), "outputs": list(outputs), **fields})

    def document(self):
        return {"format": FORMAT, "version": VERSION, "model": os.path.basename(self.model),
                "runtime": self.runtime, "match": self.match, "inputs": self.inputs, "outputs": self.outputs,
                "tensors": self.tensors, "ops": self.ops}

    def write(self, out_dir):
        """Writes everything into a fresh directory beside out_dir, then renames it into place: a failed
        import leaves nothing behind. An existing out_dir is replaced only if it is a previous import."""
        out_dir = os.path.abspath(out_dir)
        parent = os.path.dirname(out_dir)
        if os.path.exists(out_dir) and not os.path.isfile(os.path.join(out_dir, "network.json")):
            raise FileExistsError(f"{out_dir} exists and is not a qmac import (no network.json): not replaced")
        os.makedirs(parent, exist_ok=True)
        tmp = tempfile.mkdtemp(prefix=".qmac-import-", dir=parent)
        try:
            os.mkdir(os.path.join(tmp, "layers"))
            for path, (spec, arrays) in self._layers.items():
                for npy, a in arrays.items():
                    np.save(os.path.join(tmp, "layers", npy), a, allow_pickle=False)
                with open(os.path.join(tmp, path), "w") as f:
                    json.dump(spec, f, indent=1)
                    f.write("\n")
            with open(os.path.join(tmp, "network.json"), "w") as f:
                json.dump(self.document(), f, indent=1)
                f.write("\n")
            if os.path.exists(out_dir):
                shutil.rmtree(out_dir)
            os.rename(tmp, out_dir)
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise
