"""Operadora Aberta: plataforma aberta para operadoras de planos de saúde."""

__version__ = "0.1.0"
