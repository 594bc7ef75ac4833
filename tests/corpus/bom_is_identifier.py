x = 1
# The byte-order mark is an identifier character to MicroPython: the name above is '\ufeffx'.
print('\ufeffx' in globals(), 'x' in globals())
﻿﻿y = 2
print('\ufeff\ufeffy' in globals())
