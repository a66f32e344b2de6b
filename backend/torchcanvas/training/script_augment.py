"""The augmentation part of a run's training script: training/augment.py's own functions, copied.

The script draws an epoch's changes right after its order, from the same generator, and applies
each batch's share, as the run does; so it still prints the run's losses.
"""

import inspect

from torchcanvas.training.augment import STEPS, chosen_augmentations
from torchcanvas.training.script_part import CodePart
from torchcanvas.training.settings import TrainingSettings


def augment_code(training: TrainingSettings) -> CodePart | None:
    """The functions that draw and apply the run's augmentations, or None when it has none."""
    chosen = chosen_augmentations(training.augmentations)
    if not chosen:
        return None
    functions: list[str] = []
    draws, applies = [], []
    for i, (name, params) in enumerate(chosen):
        steps = STEPS[name]
        functions += [inspect.getsource(steps.draw), inspect.getsource(steps.apply)]
        draw_args = ", ".join(["n", *[repr(params[p]) for p in steps.draw_params], "generator"])
        draws.append(f"        {steps.draw.__name__}({draw_args}),  # {name}")
        apply_args = ", ".join(["x", f"drawn[{i}]", *[repr(params[p]) for p in steps.apply_params]])
        applies.append(f"    x = {steps.apply.__name__}({apply_args})  # {name}")
    memory = "memory_format=torch.channels_last" if training.channels_last else ""
    names = ", ".join(name for name, _ in chosen)
    draw = "\n".join(
        [
            "def draw_augmentations(n, generator):",
            '    """The random changes of an epoch\'s n training samples, in the epoch\'s order."""',
            "    return [",
            *draws,
            "    ]",
        ]
    )
    apply = "\n".join(
        [
            "def augment(x, drawn):",
            f'    """A training batch, each sample changed by its drawn share: {names}."""',
            *applies,
            f"    return x.contiguous({memory})",
        ]
    )
    code = "\n\n\n".join(f.strip("\n") for f in [*functions, draw, apply]) + "\n"
    return CodePart(code, {"import torch.nn.functional as F"})
