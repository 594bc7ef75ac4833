x = 1
y = 'a\N{NO SUCH NAME}b'
