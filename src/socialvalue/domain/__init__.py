"""Pure rules of the platform: no Django import anywhere in this package.

Everything here takes plain values (Decimal, date, str, dataclasses) and returns plain
values, so that the web, the command line and the benchmarks share one implementation.
"""
