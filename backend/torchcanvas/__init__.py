"""TorchCanvas: design neural networks visually and train them in PyTorch."""

__version__ = "0.1.0"
