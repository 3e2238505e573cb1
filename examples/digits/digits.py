"""The digits example: two small classifiers trained on scikit-learn's 8x8 digits, quantized to int8 by
LiteRT's converter and by ONNX Runtime's static quantization, imported with `qmac import` and run with
`qmac run --network` through each backend; prints the accuracy per backend and whether every output is
bit-exact with the runtime the model came from. Exit status 0 only when all of them are.

Usage: digits.py --data DIGITS.npz --qmac QMAC --work DIR [--backends golden,hls,rtl] [--seed S]
(run by examples/digits/run with the Python of BUILD/venv)."""
import argparse
import os
import subprocess
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # the converter's C++ logging, before TensorFlow loads

import numpy as np  # noqa: E402

import models  # noqa: E402
from qmac_import.runtime_tensors import litert_host_matches  # noqa: E402
from qmac_import.silence import quiet  # noqa: E402

TRAIN = 1437  # the first 80 % train (and calibrate), the last 360 images are the test set
CALIBRATION = 200
# Every kernel path of each runtime (qmac import --match) as this CPU runs it: LiteRT's default (XNNPACK:
# litert-xnnpack-vnni on a CPU with VNNI), builtin and reference.
PATHS = {"litert": litert_host_matches(), "onnxruntime": ("onnxruntime",)}


def log(msg):
    print(f"digits: {msg}", file=sys.stderr, flush=True)


def qmac(binary, *args):
    r = subprocess.run([binary, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if r.returncode != 0:
        sys.exit(f"digits: error: qmac {' '.join(args)}: {r.stderr.strip()}")
    return r.stdout


def litert_outputs(model_path, x, match):
    """LiteRT (ai-edge-litert) on the kernel path `match` names (its op resolver), one image at a time."""
    from ai_edge_litert import interpreter as litert
    from qmac_import.runtime_tensors import LITERT_RESOLVERS
    it = litert.Interpreter(model_path=model_path, experimental_op_resolver_type=getattr(
        litert.OpResolverType, LITERT_RESOLVERS[match]))
    it.allocate_tensors()
    inp, out = it.get_input_details()[0], it.get_output_details()[0]
    ys = []
    for row in x:
        it.set_tensor(inp["index"], row[None])
        it.invoke()
        ys.append(it.get_tensor(out["index"])[0].copy())
    return np.stack(ys)


def onnxruntime_outputs(model_path, x):
    import onnxruntime as ort
    s = ort.InferenceSession(model_path, providers=["CPUExecutionProvider"])
    name = s.get_inputs()[0].name
    return np.concatenate([s.run(None, {name: row[None]})[0] for row in x])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", required=True, help="export_digits.py's .npz")
    p.add_argument("--qmac", required=True, help="the qmac program")
    p.add_argument("--work", required=True, help="where models, imports and outputs go")
    p.add_argument("--backends", default="golden,hls,rtl")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    d = np.load(a.data)
    images, labels = d["images"][..., None], d["labels"]
    x_train, y_train, x_test, y_test = images[:TRAIN], labels[:TRAIN], images[TRAIN:], labels[TRAIN:]
    calibration = x_train[:CALIBRATION]

    t0 = time.time()
    log("loading TensorFlow and ONNX Runtime ...")
    with quiet():
        import onnx
        import tensorflow as tf
        from onnxruntime import quantization as oq
    rows = []
    for name, model in models.keras_models(tf, a.seed).items():
        log(f"training {name} ({models.EPOCHS} epochs) ...")
        with quiet():
            models.train(tf, model, x_train, y_train)
            float_acc = float((model.predict(x_test, verbose=0).argmax(1) == y_test).mean())
        rows.append((name, "float32 (Keras)", "-", float_acc, "-"))
        # LiteRT: NHWC, int8 model edges.
        tfl = os.path.join(a.work, f"{name}.tflite")
        with quiet():
            with open(tfl, "wb") as f:
                f.write(models.to_tflite(tf, model, calibration, tf.int8))
        # ONNX Runtime: NCHW, float32 edges (QuantizeLinear / DequantizeLinear inside the QDQ model).
        onx_float = os.path.join(a.work, f"{name}_float.onnx")
        onx = os.path.join(a.work, f"{name}.onnx")
        onnx.save(models.to_onnx_float(onnx, name, model), onx_float)

        class Calibration(oq.CalibrationDataReader):
            def __init__(self):
                self.rows = iter({"input": calibration[i:i + 1].transpose(0, 3, 1, 2)} for i in range(len(calibration)))

            def get_next(self):
                return next(self.rows, None)
        # reduce_range: 7-bit weights. ONNX Runtime's u8s8 kernels on CPUs without AVX-512 VNNI add pairs of
        # products with int16 saturation (measured: full-range int8 weights differ from the exact sum on such a
        # CPU, importer/README.md); with 7-bit weights no pair can saturate, so the runtime is exact everywhere.
        with quiet():
            oq.quantize_static(onx_float, onx, Calibration(), per_channel=True, reduce_range=True)

        for runtime, path in (("litert", tfl), ("onnxruntime", onx)):
            label = f"{name}.{'tflite' if runtime == 'litert' else 'onnx'}"
            xf = x_test if runtime == "litert" else x_test.transpose(0, 3, 1, 2)
            x_path = os.path.join(a.work, f"{label}.x.npy")
            np.save(x_path, np.ascontiguousarray(xf))
            for match in PATHS[runtime]:
                net_dir = os.path.join(a.work, f"{label}.{match}.qmac")
                qmac(a.qmac, "import", path, "--output", net_dir, "--match", match)
                net = os.path.join(net_dir, "network.json")
                if runtime == "litert":  # int8 edges: the runtime and qmac get the same codes
                    xq_path = os.path.join(a.work, f"{label}.{match}.xq.npy")
                    qmac(a.qmac, "quantize", "--network", net, "--input", x_path, "--output", xq_path)
                    expected = litert_outputs(path, np.load(xq_path), match)
                else:  # float32 edges: QuantizeLinear and DequantizeLinear are in the model
                    xq_path = x_path
                    expected = onnxruntime_outputs(path, xf)
                for backend in a.backends.split(","):
                    y_path = os.path.join(a.work, f"{label}.{match}.{backend}.y.npy")
                    t = time.time()
                    qmac(a.qmac, "run", "--network", net, "--input", xq_path, "--output", y_path, "--backend", backend)
                    y = np.load(y_path)
                    exact = y.shape == expected.shape and y.dtype == expected.dtype and np.array_equal(y, expected)
                    acc = float((y.reshape(len(y_test), -1).argmax(1) == y_test).mean())
                    rows.append((label, backend, match, acc, "yes" if exact else "NO"))
                    log(f"{label} ({match}) on {backend}: {time.time() - t:.1f} s")
    print(f"{'model':<14} {'backend':<16} {'bit-exact with':<17} {'accuracy':>8}  exact")
    for label, backend, runtime, acc, exact in rows:
        print(f"{label:<14} {backend:<16} {runtime:<17} {acc:8.4f}  {exact}")
    log(f"done in {time.time() - t0:.0f} s")
    return 0 if all(r[4] != "NO" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
