# `from ... import` takes a trailing comma without parentheses in MicroPython.
from micropython import const,
from sys import path, modules,


def f():
    from os import sep,
    return sep
