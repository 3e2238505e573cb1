"""qmac's model importer: .tflite and .onnx models into network.json (docs/network-format.md)."""
