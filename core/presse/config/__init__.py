"""Pipeline configs: YAML in, a validated :class:`PipelineConfig` out."""

from presse.config.loader import load_config, parse_config
from presse.config.model import PipelineConfig, RunSettings

__all__ = ["PipelineConfig", "RunSettings", "load_config", "parse_config"]
