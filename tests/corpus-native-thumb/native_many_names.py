# more than 32 qstrs in a native function: qstr-table loads beyond the short offset
@micropython.native
def names(o):
    return (o.a0, o.a1, o.a2, o.a3, o.a4, o.a5, o.a6, o.a7, o.a8, o.a9, o.b0, o.b1, o.b2,
            o.b3, o.b4, o.b5, o.b6, o.b7, o.b8, o.b9, o.c0, o.c1, o.c2, o.c3, o.c4, o.c5,
            o.c6, o.c7, o.c8, o.c9, o.d0, o.d1, o.d2, o.d3, o.d4, o.d5, o.d6, o.d7, o.d8)
