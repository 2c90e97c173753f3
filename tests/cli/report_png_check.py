#!/usr/bin/env python3
"""Checks that a PNG screenshot is not blank: enough distinct colours and enough ink.

Usage: report_png_check.py FILE.png [MIN_COLOURS] [MIN_INK_SHARE]
Decodes the PNG with zlib only (8-bit RGB or RGBA, non-interlaced, as Chromium writes them), so
no imaging library is needed. Prints the figures; exits 1 when the image looks blank.
"""
import struct
import sys
import zlib


def decode(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG file")
    pos, idat, width = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise ValueError("unsupported PNG layout (depth %d, colour type %d)" % (depth, colour))
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        elif kind == b"IEND":
            break
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def main():
    path = sys.argv[1]
    min_colours = int(sys.argv[2]) if len(sys.argv) > 2 else 64
    min_ink = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
    width, height, bpp, rows = decode(path)
    colours, ink, total = set(), 0, 0
    for row in rows:
        for x in range(0, width * bpp, bpp):
            px = row[x:x + 3]
            colours.add(px)
            total += 1
            if px[0] < 235 or px[1] < 235 or px[2] < 235:
                ink += 1
    share = ink / max(total, 1)
    print("%s: %dx%d, %d distinct colours, %.1f%% ink" % (path, width, height, len(colours), 100 * share))
    if len(colours) < min_colours or share < min_ink:
        print("looks blank: expected at least %d colours and %.1f%% ink" % (min_colours, 100 * min_ink))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
