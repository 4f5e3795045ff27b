"""Fatal errors: each maps to exit code 2 with a message a user can act on."""

from __future__ import annotations


class FatalError(Exception):
    """A usage error, an invalid policy, config or rule: exit 2, nothing checked."""

    exit_code = 2

    def __init__(self, message: str, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []

    def __str__(self) -> str:
        return "\n".join([self.message, *self.details])


class UsageError(FatalError):
    """The command line or the environment is wrong (no policy found, bad option)."""


class PolicyError(FatalError):
    """The policy file is invalid: ``details`` are ``FILE:LINE:COL: message`` lines."""


class ConfigError(FatalError):
    """The project config is invalid."""


class RuleError(FatalError):
    """A rule file is invalid."""
