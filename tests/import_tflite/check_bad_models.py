"""`qmac import` on models it must refuse: each case gives exactly one line on stderr, `qmac: error: ...`
naming the model (and for an op: its index, output tensor, op and attribute), exit status 1 (2 for
command-line misuse), and leaves no output directory (an existing directory is left as it was).

Usage: check_bad_models.py QMAC MODELDIR WORKDIR   (BUILD/venv's python; MODELDIR from make_models.py)"""
import os
import shutil
import subprocess
import sys


def cases(models, work):
    """(name, model path, extra arguments, exit status, words the one line must contain)."""
    with open(os.path.join(models, "mlp.tflite"), "rb") as f:
        mlp = f.read()

    def write(name, data):
        path = os.path.join(work, name)
        with open(path, "wb") as f:
            f.write(data)
        return path
    not_import = os.path.join(work, "not_an_import")
    os.makedirs(not_import, exist_ok=True)
    with open(os.path.join(not_import, "keep.txt"), "w") as f:
        f.write("mine\n")
    m = lambda n: os.path.join(models, n + ".tflite")  # noqa: E731
    return [
        ("truncated file", write("truncated.tflite", mlp[:len(mlp) // 2]), [], 1, ["truncated"]),
        ("truncated by 4 bytes", write("short.tflite", mlp[:-4]), [], 1, ["truncated"]),
        ("not a flatbuffer", write("text.tflite", b"this is not a model at all\n"), [], 1, ["not a TFLite flatbuffer"]),
        ("empty file", write("empty.tflite", b""), [], 1, ["not a TFLite flatbuffer"]),
        ("identifier but garbage", write("garbage.tflite", mlp[:8] + bytes(range(256)) * 2), [], 1, ["malformed"]),
        ("unsupported op TANH", m("tanh"), [], 1, ["op 1 ->", "(TANH)", "not supported"]),
        ("dilation 2", m("dilated"), [], 1, ["op 0 ->", "(CONV_2D)", "dilation", "[2, 2]"]),
        ("float model", m("float"), [], 1, ["op 0 ->", "(FULLY_CONNECTED)", "FLOAT32", "full-integer"]),
        ("fused TANH", m("fused_tanh"), [], 1, ["(FULLY_CONNECTED)", "fused_activation_function", "TANH"]),
        ("weights not constant", m("weights_input"), [], 1, ["(FULLY_CONNECTED)", "weights", "not a constant"]),
        ("missing file", os.path.join(work, "no_such.tflite"), [], 1, ["no such file"]),
        ("unknown format", write("model.pb", mlp), [], 1, ["unknown model format"]),
        ("onnx path for a tflite model", m("mlp"), ["--match", "onnxruntime"], 1, ["not a path of litert"]),
        ("DIR exists, not an import", m("mlp"), [], 1, ["not a qmac import"], not_import),
        ("unknown --match", m("mlp"), ["--match", "litert-gpu"], 2, ["--match", "invalid choice"]),
    ]


def main():
    qmac, models, work = sys.argv[1:4]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    env = dict(os.environ, QMAC_PYTHON=sys.executable)
    failures = 0
    all_cases = cases(models, work)
    for case in all_cases:
        name, model, extra, status, words = case[:5]
        out = case[5] if len(case) > 5 else os.path.join(work, "out")
        before = sorted(os.listdir(out)) if os.path.isdir(out) else None
        r = subprocess.run([qmac, "import", model, "--output", out] + extra, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, text=True, env=env)
        lines = r.stderr.splitlines()
        problems = []
        if r.returncode != status:
            problems.append(f"exit status {r.returncode}, expected {status}")
        if len(lines) != 1 or not lines[0].startswith("qmac: error: "):
            problems.append(f"stderr is not one 'qmac: error:' line: {r.stderr!r}")
        missing = [w for w in words if w not in r.stderr]
        if missing:
            problems.append(f"the line lacks {missing}")
        named = out if case[5:] else model  # the file at fault: the model, or the directory in the way
        if status == 1 and named not in r.stderr:
            problems.append(f"the line does not name {named}")
        after = sorted(os.listdir(out)) if os.path.isdir(out) else None
        if after != before:
            problems.append(f"the output directory changed: {before} -> {after}")
        leftovers = [f for f in os.listdir(work) if f.startswith(".qmac-import-")]
        if leftovers:
            problems.append(f"temporary directories left: {leftovers}")
        print(f"{'ok  ' if not problems else 'FAIL'} {name}: {lines[0] if lines else '(nothing on stderr)'}")
        for p in problems:
            print(f"     {p}")
        failures += bool(problems)
    print(f"bad TFLite models: {len(all_cases) - failures} of {len(all_cases)} cases refused with one clear line")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
