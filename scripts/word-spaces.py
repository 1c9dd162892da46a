#!/usr/bin/env python3
"""Word-space ratios of the justified body lines of PDFs, read from
MuPDF's structured text (`mutool draw -F stext`) the same way for every producer (ancrage, Typst): issue 16, A.4.

A body line is a run of glyphs at one baseline and size (9.5 pt unless
--size); it is a full justified line when its last mark ends at its column's
right edge (the most frequent line end of lines sharing its left edge),
hanging marks (hyphen, punctuation) left out, within −2/+0.5 pt. A word gap is the distance between
the end of a word's last glyph and the start of the next word's first glyph,
divided by the natural word space of the font at that size (Inter: 0.28125
em); the no-break spaces of French typography (« », ; : ! ?, grouped digits)
are not word spaces and are left out. Prints the count of full lines, of gaps, the quartiles and extremes of
the ratios, and the lines with a gap above 1.4 (loose) or below 0.75 (tight).

Usage: scripts/word-spaces.py [--size 9.5] FILE.pdf…
"""
import collections
import html
import re
import subprocess
import sys

SPACE_EM = 0.28125
# Inter Bold's word space is narrower (0.2319 em, from its /W entries).
BOLD_SPACE_EM = 0.2319
# Marks that may hang past the right margin, left out of a line's end.
HANGING = set("-\u00ad\u2010.,:;!?»’)")


def glyph_lines(path, size):
    """Glyphs of `size` by (page, baseline): x, right edge, character and the
    natural word space (em) of their font, from MuPDF's structured text (page
    coordinates whatever the producer's transforms)."""
    pages = subprocess.run(["mutool", "draw", "-q", "-F", "stext", "-o", "-", path],
                           capture_output=True, text=True).stdout
    page = 0
    lines = collections.defaultdict(list)
    v = 0.0
    space = SPACE_EM
    for row in pages.splitlines():
        if "<page " in row:
            page += 1
        m = re.search(r'<font name="([^"]*)" size="([-\d.]+)"', row)
        if m:
            v = float(m.group(2))
            space = BOLD_SPACE_EM if "Bold" in m.group(1) else SPACE_EM
            continue
        m = re.search(r'<char quad="([^"]*)" x="([-\d.]+)" y="([-\d.]+)"[^>]* c="([^"]*)"', row)
        # Font expansion (Tz, within ±2 %) makes MuPDF report the size
        # scaled by up to the square root of 1.02: 1 % either way.
        if m and abs(v - size) < 0.011 * size:
            quad = [float(q) for q in m.group(1).split()]
            x, y, c = float(m.group(2)), float(m.group(3)), html.unescape(m.group(4))
            lines[(page, round(y, 1))].append((x, max(quad[2], quad[6]), c, space))
    return lines


def french_space(before, after):
    """Whether the gap is a no-break space of French typography (before
    « ; : ! ? », after «, inside a grouped number), not a word space."""
    return (before == "«" or after in "»;:!?"
            or (before.isdigit() and after.isdigit())
)


def words_of(glyphs, size):
    """Split a baseline's glyphs into lines (columns) and, in each, words."""
    glyphs.sort()
    out, line, word = [], [], []
    last_end = None
    for x, end, c, space in glyphs:
        if last_end is not None and x - last_end > 3 * size:  # another column
            if word:
                line.append(word)
            out.append(line)
            line, word = [], []
        if c.isspace():
            if word:
                line.append(word)
            word = []
        else:
            if word and x - word[-1][1] > 0.12 * size:
                line.append(word)
                word = []
            word.append((x, end, c, space))
        last_end = end
    if word:
        line.append(word)
    if line:
        out.append(line)
    return out


def main():
    args = sys.argv[1:]
    size = 9.5
    if args[:1] == ["--size"]:
        size, args = float(args[1]), args[2:]
    for path in args:
        lines = []
        for key, glyphs in glyph_lines(path, size).items():
            for words in words_of(glyphs, size):
                if len(words) >= 2:
                    # The end of the line's last mark that does not hang in
                    # the margin (hyphen, punctuation: character protrusion).
                    marks = [g for w in words for g in w]
                    core = [g for g in marks if g[2] not in HANGING] or marks
                    lines.append((key, words[0][0][0], core[-1][1], words))
        ends = collections.defaultdict(collections.Counter)
        for key, x0, x1, _ in lines:
            ends[(key[0], round(x0))][round(x1 * 2) / 2] += 1
        ratios, full, loose, tight = [], 0, 0, 0
        for key, x0, x1, words in lines:
            right = ends[(key[0], round(x0))].most_common(1)[0][0]
            if not (right - 2.0 <= x1 <= right + 0.5):
                continue
            full += 1
            gaps = [
                (b[0][0] - a[-1][1]) / (a[-1][3] * size)
                for a, b in zip(words, words[1:])
                if not french_space(a[-1][2], b[0][2])
            ]
            if not gaps:
                continue
            ratios += gaps
            loose += max(gaps) > 1.4
            tight += min(gaps) < 0.75
        ratios.sort()
        q = lambda f: ratios[min(len(ratios) - 1, int(f * len(ratios)))] if ratios else 0
        print(f"{path}: {full} full lines, {len(ratios)} gaps; ratio min {q(0):.2f} "
              f"q1 {q(0.25):.2f} median {q(0.5):.2f} q3 {q(0.75):.2f} max {q(1):.2f}; "
              f"loose lines (> 1.4) {loose}, tight lines (< 0.75) {tight}")


if __name__ == "__main__":
    main()
