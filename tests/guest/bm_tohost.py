#!/usr/bin/python3
"""tests/guest/bm_tohost.py IN OUT ADDR - copy the bare-metal ELF IN to OUT
with its `tohost` symbol moved to ADDR (hex), for the test that a symbol
outside memory is refused (it indexed the page map out of bounds)."""
import struct
import sys

data = bytearray(open(sys.argv[1], "rb").read())
addr = int(sys.argv[3], 16)
shoff, = struct.unpack_from("<Q", data, 0x28)
shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
for name, kind, _, _, off, size, link, _, _, entsize in sections:
    if kind != 2:                   # SHT_SYMTAB
        continue
    stroff = sections[link][4]
    for k in range(size // entsize):
        sym = off + k * entsize
        nameoff, = struct.unpack_from("<I", data, sym)
        end = data.index(0, stroff + nameoff)
        if data[stroff + nameoff:end] == b"tohost":
            struct.pack_into("<Q", data, sym + 8, addr)
            open(sys.argv[2], "wb").write(data)
            sys.exit(0)
sys.exit("no tohost symbol in " + sys.argv[1])
