"""The ONNX opsets a model is exported at, apart from the exporter, so that the server's start
need not import onnx (half a second of CPU) to know them."""

DEFAULT_OPSET = 20  # what torch's exporter writes when asked for none (torch 2.13)
OLDEST_OPSET = 13  # the oldest one offered: TensorRT 8 and OpenCV 4.5 read it
OPSETS = range(OLDEST_OPSET, DEFAULT_OPSET + 1)
