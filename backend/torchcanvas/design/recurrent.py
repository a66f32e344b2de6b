"""LSTM and GRU on TorchCanvas's sequences, which are (C, L), channels first as Conv1d takes them.

torch's recurrent layers read (B, L, C) with batch_first and return a tuple, (steps, state), so each
is a subclass that turns the sequence around and hands on one tensor: every step, still channels
first so that a Conv1d, a pooling or another LSTM can follow, or the last step, flat for a Linear.
Being subclasses, their weights are named and drawn as nn.LSTM's and nn.GRU's are: a trained
`weights.safetensors` loads into a plain nn.LSTM too. The generated code copies these classes.
"""

import torch
import torch.nn as nn


class SequenceLSTM(nn.LSTM):
    """nn.LSTM on (B, C, L): hands on every step, (B, D*H, L), or the last, (B, D*H); D is 2 when
    bidirectional, H the hidden_size."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        dropout: float = 0.0,
        bidirectional: bool = False,
        output: str = "last",
    ) -> None:
        super().__init__(
            input_size,
            hidden_size,
            num_layers,
            batch_first=True,
            dropout=dropout,
            bidirectional=bidirectional,
        )
        self.output = output  # "sequence": every step; "last": the last step

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # type: ignore[override]
        steps, (h_n, _) = super().forward(x.transpose(1, 2))  # (B, C, L) -> (B, L, C)
        if self.output == "sequence":
            return steps.transpose(1, 2)  # (B, L, D*H) -> (B, D*H, L)
        # The last layer's final state in each direction: the backward one has read the whole
        # sequence too, where steps[:, -1] holds its state after the last step alone.
        last = h_n[-2:] if self.bidirectional else h_n[-1:]  # (D, B, H)
        return last.transpose(0, 1).flatten(1)  # (D, B, H) -> (B, D*H)


class SequenceGRU(nn.GRU):
    """nn.GRU on (B, C, L): hands on every step, (B, D*H, L), or the last, (B, D*H); D is 2 when
    bidirectional, H the hidden_size."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        dropout: float = 0.0,
        bidirectional: bool = False,
        output: str = "last",
    ) -> None:
        super().__init__(
            input_size,
            hidden_size,
            num_layers,
            batch_first=True,
            dropout=dropout,
            bidirectional=bidirectional,
        )
        self.output = output  # "sequence": every step; "last": the last step

    def forward(self, x: torch.Tensor) -> torch.Tensor:  # type: ignore[override]
        steps, h_n = super().forward(x.transpose(1, 2))  # (B, C, L) -> (B, L, C)
        if self.output == "sequence":
            return steps.transpose(1, 2)  # (B, L, D*H) -> (B, D*H, L)
        last = h_n[-2:] if self.bidirectional else h_n[-1:]  # (D, B, H): the final states
        return last.transpose(0, 1).flatten(1)  # (D, B, H) -> (B, D*H)


RECURRENT_MODULES: dict[str, type[nn.Module]] = {"LSTM": SequenceLSTM, "GRU": SequenceGRU}
