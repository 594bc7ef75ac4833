# MicroPython's indentation: a tab advances to the next multiple of 8, mixing is fine.
if 1:
	x = 1
        y = 2
  	z = 3
print(x, y, z)
if x:
	if y:
		print('deep')
	        print('tab + 8 spaces')
