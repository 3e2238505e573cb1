"""qmac import MODEL.tflite|MODEL.onnx --output DIR [--match PATH]: the model as network.json.

Run by `qmac import` with the Python of BUILD/venv (scripts/venv); `python -m qmac_import --help` works too.
Errors: one line `qmac: error: MODEL: ...`, exit 1 (2 for command-line misuse); nothing is left in DIR."""
import argparse
import os
import sys
import warnings

from .errors import ModelError, printable
from .network_writer import MATCHES


def readers():
    """The reader of each model format, imported only when used (each pulls in its runtime's packages)."""
    def tflite(path, match):
        from . import tflite_reader
        return tflite_reader.read(path, match)

    def onnx(path, match):
        from . import onnx_reader
        return onnx_reader.read(path, match)
    return {".tflite": ("litert", tflite), ".onnx": ("onnxruntime", onnx)}


class _Parser(argparse.ArgumentParser):
    """Command-line misuse as the project's one line, `qmac: error: ...`, exit status 2."""

    def error(self, message):
        print(f"qmac: error: {self.prog}: {message}", file=sys.stderr)
        sys.exit(2)


def main(argv=None):
    p = _Parser(prog="qmac import", description=__doc__.splitlines()[0])
    p.add_argument("model", metavar="MODEL", help="a quantized .tflite or .onnx model")
    p.add_argument("--output", required=True, metavar="DIR", help="the directory to write (network.json, layers/)")
    all_matches = [m for ms in MATCHES.values() for m in ms]
    p.add_argument("--match", choices=all_matches, help="the runtime path to reproduce (default: the runtime's "
                   "default path: litert-xnnpack for .tflite, onnxruntime for .onnx; litert-xnnpack-vnni is "
                   "LiteRT's default path on CPUs with VNNI)")
    # `qmac import` writes into a temporary folder, checks it with the runner's reader, then moves it to DIR
    # and prints the summary line itself.
    p.add_argument("--no-summary", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    ext = os.path.splitext(a.model)[1].lower()
    formats = readers()
    try:
        if ext not in formats:
            raise ModelError(a.model, f"unknown model format '{ext}' (qmac imports .tflite and .onnx)")
        runtime, read = formats[ext]
        match = a.match or MATCHES[runtime][0]
        if match not in MATCHES[runtime]:
            raise ModelError(a.model, f"--match {match} is not a path of {runtime} (one of {', '.join(MATCHES[runtime])})")
        if not os.path.isfile(a.model):
            raise ModelError(a.model, "no such file")
        # A numeric warning (an overflow in a malformed model's scales) is an error of that model, one line,
        # not a warning printed beside it.
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)
            network = read(a.model, match)
        network.write(a.output)
    except (ModelError, OSError) as e:
        print(f"qmac: error: {printable(e)}", file=sys.stderr)
        return 1
    except ValueError as e:  # the network writer's checks of what the reader found (network_writer.py)
        print(f"qmac: error: {printable(f'{a.model}: {e}')}", file=sys.stderr)
        return 1
    except Exception as e:  # noqa: BLE001 - the readers' last boundary: whatever a malformed model breaks
        print(f"qmac: error: {printable(f'{a.model}: malformed model ({type(e).__name__}: {e})')}", file=sys.stderr)
        return 1
    if a.no_summary:
        return 0
    t = network.document()
    print(f"qmac import: {len(t['ops'])} ops, {len(t['tensors'])} tensors ({runtime}, match {match}) -> "
          f"{os.path.join(a.output, 'network.json')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
