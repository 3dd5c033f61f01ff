"""shtarget: track numeric policy targets against sourced actuals."""

__version__ = "0.1.0"
