x = 1
print(
    "a" f"""{x}
{x:{}}"""
)
