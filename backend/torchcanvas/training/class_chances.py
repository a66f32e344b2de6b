"""Each class's probability from a classifier's outputs, read as its loss taught the network to
give them: a softmax of CrossEntropyLoss's logits, a sigmoid of BCEWithLogitsLoss's, the exp of
log-probabilities (NLLLoss, KLDivLoss), and probabilities (BCELoss) or values fitted to one-hot
targets (MSELoss and the like) as they are, within 0 to 1. A softmax of every kind alike read a
network that ends in Sigmoid or Softmax twice: 0.72 shown as 0.46."""

import torch

from torchcanvas.training.catalog import LossSpec


def class_probabilities(output: torch.Tensor, spec: LossSpec) -> torch.Tensor:
    """(N, C) outputs -> (N, C) probabilities; one output for two classes, (N, 1) -> (N, 2).
    One-vs-rest losses give each class its own probability: they need not sum to 1."""
    output = output.float()
    if spec.output == "logits":
        one_of = spec.targets == "class_index" and output.shape[1] > 1
        chances = output.softmax(dim=1) if one_of else output.sigmoid()
    elif spec.output == "log_probabilities":
        chances = _from_log_probabilities(output)
    else:
        chances = output.clamp(0, 1)
    return torch.cat([1 - chances, chances], dim=1) if chances.shape[1] == 1 else chances


def _from_log_probabilities(output: torch.Tensor) -> torch.Tensor:
    """The exp of log-probabilities. They are never above 0: a network that does not end in
    LogSoftmax (warned as its run was made) gives probabilities, a Softmax's, read as they are,
    or logits, read as logits (an exp read a Softmax's 0.9 as 2.46: an exports review)."""
    if bool((output <= 0).all()):
        return output.exp()
    if bool(((output >= 0) & (output <= 1)).all()):
        return output
    return output.softmax(dim=1) if output.shape[1] > 1 else output.sigmoid()


def threshold(spec: LossSpec) -> float:
    """Where one output for two classes tips to the second: 0 for a logit, 0.5 for a
    probability or a value fitted to 0 and 1."""
    return 0.0 if spec.output == "logits" else 0.5


def predicted_classes(output: torch.Tensor, spec: LossSpec) -> torch.Tensor:
    """(N,) the class each sample's outputs (N, C) answer, as a run's accuracy counts them: the
    highest output, or the second class where one output is over its threshold. Read from the
    outputs, not from their probabilities: values clamped to 1 tie where the outputs do not."""
    if output.shape[1] == 1:
        return (output[:, 0] > threshold(spec)).long()
    return output.argmax(dim=1)


def predicted_chance(output: torch.Tensor, spec: LossSpec, predicted: torch.Tensor) -> torch.Tensor:
    """(N,) the probability of each sample's predicted class (N,), from its outputs (N, C)."""
    return class_probabilities(output, spec).gather(1, predicted.view(-1, 1)).view(-1)


def reads_as_classes(outputs: int, classes: int) -> bool:
    """Whether a model's `outputs` values for one sample are its answer among `classes`: one
    each, or one for two classes (a binary loss's)."""
    return outputs == classes or (classes == 2 and outputs == 1)
