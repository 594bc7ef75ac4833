x = 1if True else 2
