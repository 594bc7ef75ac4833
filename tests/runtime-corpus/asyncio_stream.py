# asyncio.Stream over micropython.RingIO: write/drain through a ring smaller than the data
# while a reader consumes it, readexactly, readline, read(n), StreamReader/StreamWriter aliases.
import asyncio
import micropython

print(asyncio.StreamReader is asyncio.StreamWriter, type(asyncio.StreamReader(None)).__name__)
print(hasattr(asyncio, "Stream"))


async def producer(s, chunks):
    for c in chunks:
        s.write(c)
        await s.drain()
        await asyncio.sleep_ms(5)


async def main():
    ring = micropython.RingIO(10)
    s = asyncio.StreamWriter(ring)
    data = bytes(range(65, 91)) * 3
    t = asyncio.create_task(producer(s, [data[:30], data[30:]]))
    got = await s.readexactly(len(data))
    await t
    print(len(got), got == data, ring.any())

    ring = micropython.RingIO(64)
    s = asyncio.StreamReader(ring)
    t = asyncio.create_task(producer(s, [b"line one\nline", b" two\n", b"three\n"]))
    for _ in range(3):
        print(await s.readline())
    await t

    ring = micropython.RingIO(32)
    s = asyncio.StreamReader(ring)
    s.write(b"0123456789")
    await s.drain()
    print(await s.read(4), await s.read(100))
    t = asyncio.create_task(producer(s, [b"late"]))
    print("read waits:", await s.read(10))
    await t
    print(await s.readexactly(0))


asyncio.run(main())
