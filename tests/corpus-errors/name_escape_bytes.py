x = b'\N{EM DASH}'
