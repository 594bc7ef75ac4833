# a native loop whose body is long: far backward and forward jumps (armv6m padded forms)
@micropython.native
def far(n):
    s = 0
    while n > 0:
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        s += n * 2 + n // 3 - n % 5
        s ^= n << 1
        n -= 1
    return s

print(far(10))
