"""How large a design may be, and how much training one run may ask of a worker."""

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from torchcanvas.design.limits import DesignLimits
from torchcanvas.training.work import WorkLimits


class LimitSettings(BaseSettings):
    """One part of ServerConfig (config.py), read from TORCHCANVAS_* variables."""

    model_config = SettingsConfigDict(extra="ignore")

    max_layers: int = Field(
        default=200,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_LAYERS", "max_layers"),
        description="Most layers a design may have.",
    )

    max_params: int = Field(
        default=50_000_000,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_PARAMS", "max_params"),
        description="Most parameters a design may have.",
    )

    max_memory_gib: float = Field(
        default=4.0,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_MEMORY_GIB", "max_memory_gib"),
        description="Most memory one run may need to train, as estimated before it starts.",
    )

    max_macs: int = Field(
        default=DesignLimits.max_macs,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_MACS", "max_macs"),
        description="Most multiply-accumulates one sample may take through a design: what one "
        "prediction costs the server's CPU.",
    )

    max_sample_mib: float = Field(
        default=DesignLimits.max_sample_bytes / 2**20,
        gt=0,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_SAMPLE_MIB", "max_sample_mib"),
        description="Most memory the layers' outputs for one sample may take.",
    )

    max_training_steps: int = Field(
        default=WorkLimits.max_steps,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_TRAINING_STEPS", "max_training_steps"),
        description="Most optimizer steps one run, or one Continue of it, may train (batches "
        "an epoch times epochs): what bounds a small network's time on a worker.",
    )

    max_training_macs: int = Field(
        default=WorkLimits.max_sample_macs,
        ge=1,
        validation_alias=AliasChoices("TORCHCANVAS_MAX_TRAINING_MACS", "max_training_macs"),
        description="Most multiply-accumulates one run, or one Continue of it, may train: one "
        "sample's through the design, times training samples, times epochs. What bounds a "
        "large network's time on a worker; a GPU server can take far more.",
    )

    def work_limits(self) -> WorkLimits:
        """The limits on the training every run on this server asks of a worker."""
        return WorkLimits(max_steps=self.max_training_steps, max_sample_macs=self.max_training_macs)

    def design_limits(self) -> DesignLimits:
        """The limits every design on this server is checked against."""
        return DesignLimits(
            max_layers=self.max_layers,
            max_edges=5 * self.max_layers,  # room for joins; a chain needs one edge a layer
            max_params=self.max_params,
            max_memory_bytes=int(self.max_memory_gib * 2**30),
            max_macs=self.max_macs,
            max_sample_bytes=int(self.max_sample_mib * 2**20),
        )
