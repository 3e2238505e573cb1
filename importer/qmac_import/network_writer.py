"""Builds network.json, its layer files and their .npy arrays (docs/network-format.md), and writes them as
one directory that appears whole or not at all."""
import json
import os
import re
import shutil
import tempfile

import numpy as np

FORMAT, VERSION = "qmac-network", 1
MATCHES = {"litert": ("litert-xnnpack", "litert-builtin", "litert-reference"), "onnxruntime": ("onnxruntime",)}
CODE_RANGE = {"int8": (-128, 127), "uint8": (0, 255)}


class Network:
    def __init__(self, model, runtime, match):
        assert match in MATCHES[runtime], (runtime, match)
        self.model, self.runtime, self.match = model, runtime, match
        self.inputs, self.outputs, self.ops = [], [], []
        self.tensors = {}
        self._layers = {}  # relative path -> (json dict, {npy name: array})
        self._trace_names = set()

    def tensor(self, name, shape, dtype, scale=None, zero_point=None):
        """Declares a tensor (again: it must agree) and returns its name."""
        entry = {"shape": [int(d) for d in shape], "dtype": dtype}
        if dtype in CODE_RANGE:
            entry["scale"] = float(scale)
            entry["zero_point"] = int(zero_point)
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
        fields: the layer's other JSON fields. Returns its path relative to network.json."""
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
