def big(x):
    if x:
        x = x + 0 * x - 0
        x = x + 1 * x - 1
        x = x + 2 * x - 2
        x = x + 3 * x - 3
        x = x + 4 * x - 4
        x = x + 5 * x - 5
        x = x + 6 * x - 6
        x = x + 7 * x - 7
        x = x + 8 * x - 8
        x = x + 9 * x - 9
        x = x + 10 * x - 10
        x = x + 11 * x - 11
        x = x + 12 * x - 12
        x = x + 13 * x - 13
        x = x + 14 * x - 14
        x = x + 15 * x - 15
        x = x + 16 * x - 16
        x = x + 17 * x - 17
        x = x + 18 * x - 18
        x = x + 19 * x - 19
    else:
        x = -x
    while x > 0:
        x = x - 1
        x = x - 2
        x = x - 3
        x = x - 4
        x = x - 5
        x = x - 6
        x = x - 7
        x = x - 8
        x = x - 9
        x = x - 10
        x = x - 11
        x = x - 12
        x = x - 13
        x = x - 14
        x = x - 15
        x = x - 16
    return x












































































































































































































































































































print(big(3))
