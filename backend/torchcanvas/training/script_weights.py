"""The end of every run's script: how to load the trained weights downloaded beside it."""

import json

from torchcanvas.design.schema import Design


def weights_code(design: Design, stem: str | None) -> str:
    """load_trained(), which builds Net and loads the run's trained weights into it; `stem` is
    what the run's downloads are named (None for a design not trained yet: the bundle's name)."""
    shape = ", ".join(str(d) for d in design.input_shape)
    names = json.dumps(["weights.safetensors", *([f"{stem}.safetensors"] if stem else [])])
    whose = "the bundle's name, the Run page's" if stem else "the name in a run's bundle"
    return f'''# The run's trained weights, to use without training again: download them beside this
# script (the bundle's weights.safetensors, or the Run page's "Download weights"), then call
# load_trained() where main() is called below:
#     model = load_trained()
#     output = model(x)  # x: (B, {shape}), prepared as load_data() prepares it
WEIGHTS_FILES = {names}  # {whose}


def load_trained(path=None):
    """Net with the run's trained weights, from `path`, else from WEIGHTS_FILES beside this script."""
    from safetensors.torch import load_file  # pip install safetensors: only this needs it

    here = Path(__file__).resolve().parent
    found = [here / name for name in WEIGHTS_FILES if (here / name).is_file()]
    if path is None and not found:
        raise FileNotFoundError(
            f"No weights beside this script: download {{WEIGHTS_FILES[0]}} into {{here}}."
        )
    model = Net()
    model.load_state_dict(load_file(path or found[0]))
    model.eval()  # dropout off; batch norm uses its running statistics
    return model
'''
