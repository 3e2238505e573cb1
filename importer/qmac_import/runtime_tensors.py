"""python -m qmac_import.runtime_tensors --network N.json --model M --input X.npy --output TDIR

Runs the model in the runtime path network.json's `match` names and writes every tensor the network names
as TDIR/<its trace name> (the names `qmac run --network --trace` uses), for `qmac compare`.

LiteRT: the op resolver of the path (AUTO = the XNNPACK delegate for litert-xnnpack and litert-xnnpack-vnni,
BUILTIN_WITHOUT_DEFAULT_DELEGATES for litert-builtin, BUILTIN_REF for litert-reference). The interpreter's
preserve_all_tensors does not see inside the XNNPACK delegate, so the model is rewritten with every network
tensor as a subgraph output; the rewritten model's own outputs are checked equal to the original model's,
so that the rewrite cannot change what is compared. ONNX Runtime is the other half (RUNTIMES below).
Errors: one line `qmac: error: ...`, exit 1 (2 for command-line misuse); nothing is left in TDIR."""
import json
import os
import shutil
import sys
import tempfile

import numpy as np

from .errors import ModelError

LITERT_RESOLVERS = {"litert-xnnpack": "AUTO", "litert-xnnpack-vnni": "AUTO",
                    "litert-builtin": "BUILTIN_WITHOUT_DEFAULT_DELEGATES", "litert-reference": "BUILTIN_REF"}

# CPU flags (Linux /proc/cpuinfo) with which XNNPACK runs its VNNI GEMM kernels (avx512vnni, avxvnni,
# avx512amx), whose output stage is litert-xnnpack-vnni's (docs/numerics.md); without them its AVX2 and
# AVX-512 SKX kernels run litert-xnnpack's.
VNNI_CPU_FLAGS = ("avx512_vnni", "avx_vnni", "amx_int8")


def litert_xnnpack_match(cpuinfo="/proc/cpuinfo"):
    """(the match of LiteRT's default path on this CPU, why): litert-xnnpack-vnni with VNNI, else litert-xnnpack."""
    try:
        with open(cpuinfo) as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    except OSError:
        flags = []
    vnni = [fl for fl in VNNI_CPU_FLAGS if fl in flags]
    if vnni:
        return "litert-xnnpack-vnni", f"this CPU has {', '.join(vnni)}: XNNPACK's VNNI kernels"
    return "litert-xnnpack", "this CPU has none of " + ", ".join(VNNI_CPU_FLAGS) + ": XNNPACK's AVX2 / AVX-512 SKX kernels"


def litert_host_matches():
    """LiteRT's three kernel paths as they run on this CPU (the XNNPACK one by litert_xnnpack_match)."""
    return (litert_xnnpack_match()[0], "litert-builtin", "litert-reference")


def _litert_interpreter(content, match):
    from ai_edge_litert import interpreter as litert
    fd = os.dup(2)  # "INFO: Created TensorFlow Lite XNNPACK delegate for CPU." goes to stderr from C++
    with open(os.devnull, "w") as null:
        os.dup2(null.fileno(), 2)
        try:
            it = litert.Interpreter(model_content=content, experimental_op_resolver_type=getattr(
                litert.OpResolverType, LITERT_RESOLVERS[match]))
            it.allocate_tensors()
        finally:
            os.dup2(fd, 2)
            os.close(fd)
    return it


def _run(it, x):
    inp = it.get_input_details()
    if len(inp) != 1:
        raise ModelError("model", f"{len(inp)} inputs (qmac runs models with one)")
    want = inp[0]
    if x.dtype != want["dtype"] or list(x.shape) != list(want["shape"]):
        raise ModelError("input", f"{x.dtype}{list(x.shape)}, the model takes {np.dtype(want['dtype'])}{list(want['shape'])}")
    it.set_tensor(want["index"], x)
    it.invoke()
    return {d["index"]: it.get_tensor(d["index"]) for d in it.get_output_details()}


def litert_tensors(network, model_path, x):
    """{tensor name: array} of every tensor the network names, as the path of network['match'] computes it."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema
    with open(model_path, "rb") as f:
        content = f.read()
    try:
        model = schema.ModelT.InitFromPackedBuf(content, 0)
    except Exception as e:
        raise ModelError(model_path, f"malformed TFLite flatbuffer ({type(e).__name__}: {e})") from None
    g = model.subgraphs[0]
    index = {}
    for i, t in enumerate(g.tensors):
        index.setdefault(t.name.decode("utf-8", errors="replace") if t.name else f"tensor {i}", i)
    missing = [n for n in network["tensors"] if n not in index]
    if missing:
        raise ModelError(model_path, f"tensor '{missing[0]}' of the network is not in this model (another model?)")
    inputs = [int(i) for i in g.inputs]
    visible = [index[n] for n in network["tensors"] if index[n] not in inputs]
    original_outputs = [int(i) for i in g.outputs]
    g.outputs = original_outputs + [i for i in visible if i not in original_outputs]
    b = flatbuffers.Builder(len(content) + 1024)
    b.Finish(model.Pack(b), file_identifier=b"TFL3")
    rewritten = bytes(b.Output())

    match = network["match"]
    got = _run(_litert_interpreter(rewritten, match), x)
    ref = _run(_litert_interpreter(content, match), x)
    for i in original_outputs:
        if not np.array_equal(got[i], ref[i]):
            raise ModelError(model_path, f"with every tensor made an output, LiteRT ({match}) computes output "
                             f"tensor {i} differently: the comparison would not be of the model itself")
    names = {i: n for n, i in index.items()}
    out = {names[i]: a for i, a in got.items() if i in names}
    out[network["inputs"][0]] = x
    return out


def onnxruntime_tensors(network, model_path, x):
    """ONNX Runtime's half: onnx_runtime_tensors.tensors(network, model_path, x), the same contract."""
    from . import onnx_runtime_tensors
    return onnx_runtime_tensors.tensors(network, model_path, x)


RUNTIMES = {"litert": litert_tensors, "onnxruntime": onnxruntime_tensors}


def write(out_dir, network, tensors):
    """Each tensor as out_dir/<trace>, written into a fresh directory renamed into place."""
    out_dir = os.path.abspath(out_dir)
    if os.path.exists(out_dir) and os.listdir(out_dir):
        raise ModelError(out_dir, "exists and is not empty: not replaced")
    parent = os.path.dirname(out_dir)
    os.makedirs(parent, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix=".qmac-runtime-", dir=parent)
    try:
        for name, entry in network["tensors"].items():
            if name in tensors:
                np.save(os.path.join(tmp, entry["trace"]), np.ascontiguousarray(tensors[name]), allow_pickle=False)
        if os.path.exists(out_dir):
            os.rmdir(out_dir)
        os.rename(tmp, out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def main(argv=None):
    from .__main__ import _Parser
    p = _Parser(prog="python -m qmac_import.runtime_tensors", description=__doc__.splitlines()[2])
    p.add_argument("--network", required=True, metavar="N.json")
    p.add_argument("--model", required=True, metavar="MODEL")
    p.add_argument("--input", required=True, metavar="X.npy")
    p.add_argument("--output", required=True, metavar="TDIR")
    a = p.parse_args(argv)
    try:
        try:
            with open(a.network) as f:
                network = json.load(f)
        except (OSError, ValueError) as e:
            raise ModelError(a.network, f"cannot read the network file ({e})") from None
        runtime = network.get("runtime") if isinstance(network, dict) else None
        if runtime not in RUNTIMES:
            raise ModelError(a.network, f"runtime {runtime!r} is not one of {', '.join(RUNTIMES)}")
        if not os.path.isfile(a.model):
            raise ModelError(a.model, "no such file")
        try:
            x = np.load(a.input, allow_pickle=False)
        except (OSError, ValueError) as e:
            raise ModelError(a.input, f"cannot read the input ({e})") from None
        tensors = RUNTIMES[runtime](network, a.model, x)
        write(a.output, network, tensors)
    except (ModelError, OSError) as e:
        print(f"qmac: error: {e}", file=sys.stderr)
        return 1
    print(f"runtime_tensors: {len(tensors)} tensors ({network['match']}) -> {a.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
