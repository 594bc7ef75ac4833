# Many locals (beyond the one-byte LOAD_FAST/STORE_FAST forms) and many arguments.
def many():
    v0 = 0 * 3
    v1 = 1 * 3
    v2 = 2 * 3
    v3 = 3 * 3
    v4 = 4 * 3
    v5 = 5 * 3
    v6 = 6 * 3
    v7 = 7 * 3
    v8 = 8 * 3
    v9 = 9 * 3
    v10 = 10 * 3
    v11 = 11 * 3
    v12 = 12 * 3
    v13 = 13 * 3
    v14 = 14 * 3
    v15 = 15 * 3
    v16 = 16 * 3
    v17 = 17 * 3
    v18 = 18 * 3
    v19 = 19 * 3
    v20 = 20 * 3
    v21 = 21 * 3
    v22 = 22 * 3
    v23 = 23 * 3
    v24 = 24 * 3
    v25 = 25 * 3
    v26 = 26 * 3
    v27 = 27 * 3
    v28 = 28 * 3
    v29 = 29 * 3
    v30 = 30 * 3
    v31 = 31 * 3
    v32 = 32 * 3
    v33 = 33 * 3
    v34 = 34 * 3
    v35 = 35 * 3
    v36 = 36 * 3
    v37 = 37 * 3
    v38 = 38 * 3
    v39 = 39 * 3
    return v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10 + v11 + v12 + v13 + v14 + v15 + v16 + v17 + v18 + v19 + v20 + v21 + v22 + v23 + v24 + v25 + v26 + v27 + v28 + v29 + v30 + v31 + v32 + v33 + v34 + v35 + v36 + v37 + v38 + v39, v0, v15, v16, v39
print(many())
def wide(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15, a16, a17, a18, a19, *rest, k0=0, k1=1, **kw):
    return a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 + a15 + a16 + a17 + a18 + a19, rest, k0, k1, sorted(kw)
print(wide(*range(25), k1=5, z=1))
print(wide(*range(20)))
