//! The x86 assembler (`py/asmx86.c`): not written yet.
