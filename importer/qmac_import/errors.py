"""The one error type of the importer: printed as one line naming the model file (and the node), exit 1."""


class ModelError(Exception):
    """A model qmac cannot import: malformed, or an op / attribute / quantization outside what it supports."""

    def __init__(self, model, problem, node=None, op=None):
        where = model
        if node is not None:
            where += f": node '{node}'" + (f" ({op})" if op else "")
        super().__init__(f"{where}: {problem}")
