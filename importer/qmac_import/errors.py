"""The one error type of the importer: printed as one line naming the model file (and the node), exit 1."""


def printable(text):
    """The text with every character that is not printable (a line break, a control character: a malformed
    model's names hold anything) escaped as Python does, so that an error stays one line."""
    text = str(text)
    return text if text.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class ModelError(Exception):
    """A model qmac cannot import: malformed, or an op / attribute / quantization outside what it supports."""

    def __init__(self, model, problem, node=None, op=None):
        where = model
        if node is not None:
            where += f": node '{node}'" + (f" ({op})" if op else "")
        super().__init__(printable(f"{where}: {problem}"))
