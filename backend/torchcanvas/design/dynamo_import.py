"""Meta kernels that run without torch._dynamo until something in the process imports it.

Many of torch's meta kernels are Python (relu, addmm's decomposition, …), and they and the flop
counter are wrapped by `torch._disable_dynamo`, which imports torch._dynamo the first time each is
called only to keep the compiler out of them: about a CPU-second and 33 MB in every process that
validates a design, the API server's start-up check included, though it never compiles. The
compiler can only be running once torch._dynamo is imported (torch.compile, torch.export and an
optimizer's step import it), so until then a wrapped function can be called as it is; from then
on each builds, on its next call, the wrapper that torch would have built.
"""

import gc
import sys
from collections.abc import Callable
from types import FunctionType
from typing import Any

import torch

DISABLED = "__dynamo_disable"  # where torch's wrapper keeps its function's disabled form


def _nothing() -> None:
    """Wrapped once, only to find the code of torch's wrapper."""


def defer_dynamo_import() -> int:
    """Lets every function that torch has wrapped so far run without importing torch._dynamo while
    it is not imported; returns how many. Wrapped later, a function imports it as before."""
    if "torch._dynamo" in sys.modules:
        return 0
    wrapper_code = torch._compile._disable_dynamo(_nothing).__code__
    deferred = 0
    for wrapper in gc.get_referrers(wrapper_code):
        if type(wrapper) is not FunctionType or wrapper.__code__ is not wrapper_code:
            continue
        cells = [cell.cell_contents for cell in wrapper.__closure__ or ()]
        closure = dict(zip(wrapper_code.co_freevars, cells, strict=True))
        fn, recursive = closure.get("fn"), closure.get("recursive")
        if not isinstance(fn, FunctionType) or fn is _nothing or hasattr(fn, DISABLED):
            continue
        setattr(fn, DISABLED, _until_dynamo(fn, bool(recursive)))
        deferred += 1
    return deferred


def _until_dynamo(fn: Callable[..., Any], recursive: bool) -> Callable[..., Any]:
    """`fn` itself while torch._dynamo is not imported; after, what torch's wrapper would call."""

    def call(*args: Any, **kwargs: Any) -> Any:
        if "torch._dynamo" not in sys.modules:
            return fn(*args, **kwargs)
        import torch._dynamo

        disabled = torch._dynamo.disable(fn, recursive, wrapping=False)  # type: ignore[no-untyped-call]
        setattr(fn, DISABLED, disabled)  # as torch's wrapper keeps it: built once
        return disabled(*args, **kwargs)

    return call
