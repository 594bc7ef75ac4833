x = 1
try:
    x = 2

except*  (ValueError, TypeError) as e:
    pass
