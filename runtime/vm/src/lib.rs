//! mpyc's runtime: a `#![no_std]` MicroPython VM with no global allocator. The embedder hands
//! it a heap region; every object lives there under a mark-sweep collector (MicroPython's
//! `py/gc.c` is the model).
#![no_std]
