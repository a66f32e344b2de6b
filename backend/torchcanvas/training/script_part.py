"""A part of a run's training script: its lines and the imports they need."""

from dataclasses import dataclass, field


@dataclass
class CodePart:
    """Some lines of the script and the imports they need."""

    code: str
    imports: set[str] = field(default_factory=set)
