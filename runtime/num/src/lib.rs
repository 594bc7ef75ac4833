//! Numbers as MicroPython has them, shared by the compiler and the runtime: float text
//! (`py/formatfloat.c`, `py/parsenum.c`) and arbitrary-precision integers (`py/mpz.c`).
#![no_std]
