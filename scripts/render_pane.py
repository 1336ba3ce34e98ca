#!/usr/bin/env python3
"""Render a `tmux capture-pane -p -e` dump (text with SGR escapes) to a PNG, through a pyte virtual terminal.

Usage: render_pane.py COLUMNS ROWS INPUT.ans OUTPUT.png
"""
import sys

import pyte
from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
SIZE = 15
# A dark terminal palette (xterm's eight colours, softened) and its default foreground/background.
PALETTE = {
    "black": (40, 42, 46), "red": (220, 80, 80), "green": (110, 190, 90), "brown": (220, 180, 70),
    "yellow": (220, 180, 70), "blue": (90, 140, 220), "magenta": (190, 110, 200), "cyan": (80, 190, 200),
    "white": (220, 220, 220),
}
DEFAULT_FG = (215, 218, 222)
DEFAULT_BG = (24, 26, 30)


def colour(name, default, bold=False):
    if name == "default":
        return default
    if name in PALETTE:
        r, g, b = PALETTE[name]
        if bold:
            r, g, b = min(255, r + 30), min(255, g + 30), min(255, b + 30)
        return (r, g, b)
    try:
        return tuple(int(name[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return default


def main():
    columns, rows, source, target = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4]
    screen = pyte.Screen(columns, rows)
    stream = pyte.Stream(screen)
    with open(source, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")[:rows]
    for index, line in enumerate(lines):
        stream.feed("\x1b[%d;1H\x1b[0m" % (index + 1) + line)
    font = ImageFont.truetype(FONT, SIZE)
    bold = ImageFont.truetype(FONT_BOLD, SIZE)
    left, top, right, bottom = font.getbbox("M")
    cell_w = int(font.getlength("M"))
    cell_h = int(SIZE * 1.35)
    pad = 12
    image = Image.new("RGB", (columns * cell_w + 2 * pad, rows * cell_h + 2 * pad), DEFAULT_BG)
    draw = ImageDraw.Draw(image)
    for y in range(rows):
        line = screen.buffer[y]
        for x in range(columns):
            cell = line[x]
            fg = colour(cell.fg, DEFAULT_FG, cell.bold)
            bg = colour(cell.bg, DEFAULT_BG)
            if cell.reverse:
                fg, bg = bg, fg
            px, py = pad + x * cell_w, pad + y * cell_h
            if bg != DEFAULT_BG:
                draw.rectangle([px, py, px + cell_w - 1, py + cell_h - 1], fill=bg)
            if cell.data.strip():
                draw.text((px, py + 2), cell.data, font=bold if cell.bold else font, fill=fg)
            if cell.underscore:
                draw.line([px, py + cell_h - 3, px + cell_w - 1, py + cell_h - 3], fill=fg)
    image.save(target)


if __name__ == "__main__":
    main()
