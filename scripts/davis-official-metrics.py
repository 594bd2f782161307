#!/usr/bin/env python3
"""J and F of two binary masks, computed as the official DAVIS evaluation code computes them.

A numpy-only port (no OpenCV, scikit-image or SciPy needed) of:

  - db_eval_iou: fperazzi/davis-2017, python/lib/davis/measures/jaccard.py (DAVIS 2016/2017 code), and
    davisvideochallenge/davis2017-evaluation, davis2017/metrics.py (the current reference; same result):
    |A & B| / |A | B|, and 1 when both masks are empty.
  - db_eval_boundary / f_measure and seg2bmap: fperazzi/davis-2017, python/lib/davis/measures/f_boundary.py,
    and davisvideochallenge/davis2017-evaluation, davis2017/metrics.py (_seg2bmap, f_measure), with
    bound_th = 0.008:
      * seg2bmap marks a pixel when the mask differs there from its east, south or south-east neighbour,
        a neighbour beyond the image counting as 0; then the last row is recomputed from the east neighbour
        alone, the last column from the south neighbour alone, and the bottom-right pixel is cleared;
      * bound_pix = ceil(bound_th * norm(shape)) (8 at 854x480);
      * each boundary is dilated with disk(bound_pix): skimage.morphology.disk, ones where
        x^2 + y^2 <= r^2 on the (2r+1)^2 grid of offsets; the dilation is skimage's binary_dilation
        (DAVIS 2016 code) or cv2.dilate (davis2017-evaluation), which agree here: nothing beyond the image
        is set, and the disk is symmetric;
      * precision = |fg_boundary & gt_dil| / |fg_boundary|, recall = |gt_boundary & fg_dil| / |gt_boundary|,
        with the official cases for empty boundaries (no predicted boundary: P 1, R 0; no annotated
        boundary: P 0, R 1; neither: P 1, R 1); F = 2PR / (P + R), 0 when P + R = 0.
  - Masks are read as the DAVIS code reads them: a pixel is foreground when its value is > 0.

Run (from the project root; PNGs are 8-bit greyscale or palette, as in DAVIS):

  python3 scripts/davis-official-metrics.py ANNOTATION.png SEGMENTATION.png [--shift DX DY]

--shift moves the segmentation by (DX, DY) pixels, filling with background, before scoring. Prints
J, F, precision, recall, the boundary pixel counts and bound_pix.
"""

import argparse
import struct
import sys
import zlib

import numpy as np


def read_png(path):
    """The pixel values of a non-interlaced 8-bit greyscale or palette PNG (palette indices, not colours)."""
    with open(path, 'rb') as f:
        data = f.read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        raise ValueError(f'{path}: not a PNG')
    pos = 8
    idat = []
    width = height = None
    while pos < len(data):
        length, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b'IHDR':
            width, height, depth, colour, _, _, interlace = struct.unpack('>IIBBBBB', body)
            if depth != 8 or colour not in (0, 3) or interlace != 0:
                raise ValueError(f'{path}: only 8-bit greyscale or palette, non-interlaced PNGs are read')
        elif kind == b'IDAT':
            idat.append(body)
        elif kind == b'IEND':
            break
    raw = np.frombuffer(zlib.decompress(b''.join(idat)), dtype=np.uint8).reshape(height, width + 1)
    out = np.zeros((height, width), dtype=np.int32)
    prev = np.zeros(width, dtype=np.int32)
    for y in range(height):
        kind = raw[y, 0]
        line = raw[y, 1:].astype(np.int32)
        cur = np.zeros(width, dtype=np.int32)
        if kind == 0:
            cur = line
        elif kind == 1:
            for x in range(width):
                cur[x] = (line[x] + (cur[x - 1] if x > 0 else 0)) & 255
        elif kind == 2:
            cur = (line + prev) & 255
        elif kind == 3:
            for x in range(width):
                cur[x] = (line[x] + (((cur[x - 1] if x > 0 else 0) + prev[x]) >> 1)) & 255
        elif kind == 4:
            for x in range(width):
                a = cur[x - 1] if x > 0 else 0
                b = prev[x]
                c = prev[x - 1] if x > 0 else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                cur[x] = (line[x] + pred) & 255
        else:
            raise ValueError(f'{path}: bad filter type {kind}')
        out[y] = cur
        prev = cur
    return out


def db_eval_iou(annotation, segmentation):
    annotation = annotation.astype(bool)
    segmentation = segmentation.astype(bool)
    union = np.sum(annotation | segmentation)
    if np.isclose(union, 0):
        return 1.0
    return np.sum(annotation & segmentation) / float(union)


def seg2bmap(seg):
    seg = seg.astype(bool)
    e = np.zeros_like(seg)
    s = np.zeros_like(seg)
    se = np.zeros_like(seg)
    e[:, :-1] = seg[:, 1:]
    s[:-1, :] = seg[1:, :]
    se[:-1, :-1] = seg[1:, 1:]
    b = seg ^ e | seg ^ s | seg ^ se
    b[-1, :] = seg[-1, :] ^ e[-1, :]
    b[:, -1] = seg[:, -1] ^ s[:, -1]
    b[-1, -1] = 0
    return b


def disk(radius):
    """skimage.morphology.disk(radius) (strict_radius, no decomposition), as booleans."""
    grid = np.arange(-radius, radius + 1)
    x, y = np.meshgrid(grid, grid)
    return (x ** 2 + y ** 2) <= radius ** 2


def binary_dilation(image, footprint):
    """Binary dilation by a symmetric footprint centred in it; pixels beyond the image are 0."""
    h, w = image.shape
    r = footprint.shape[0] // 2
    padded = np.zeros((h + 2 * r, w + 2 * r), dtype=bool)
    padded[r:r + h, r:r + w] = image
    out = np.zeros_like(image, dtype=bool)
    for dy, dx in zip(*np.nonzero(footprint)):
        out |= padded[dy:dy + h, dx:dx + w]
    return out


def db_eval_boundary(foreground_mask, gt_mask, bound_th=0.008):
    """F (with precision, recall and details) of the segmentation foreground_mask against gt_mask."""
    bound_pix = bound_th if bound_th >= 1 else np.ceil(bound_th * np.linalg.norm(foreground_mask.shape))
    bound_pix = int(bound_pix)
    fg_boundary = seg2bmap(foreground_mask)
    gt_boundary = seg2bmap(gt_mask)
    fp = disk(bound_pix)
    fg_dil = binary_dilation(fg_boundary, fp)
    gt_dil = binary_dilation(gt_boundary, fp)
    gt_match = gt_boundary & fg_dil
    fg_match = fg_boundary & gt_dil
    n_fg = int(np.sum(fg_boundary))
    n_gt = int(np.sum(gt_boundary))
    if n_fg == 0 and n_gt > 0:
        precision, recall = 1.0, 0.0
    elif n_fg > 0 and n_gt == 0:
        precision, recall = 0.0, 1.0
    elif n_fg == 0 and n_gt == 0:
        precision, recall = 1.0, 1.0
    else:
        precision = np.sum(fg_match) / float(n_fg)
        recall = np.sum(gt_match) / float(n_gt)
    f = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return f, precision, recall, n_fg, n_gt, bound_pix


def shift(mask, dx, dy):
    out = np.zeros_like(mask)
    h, w = mask.shape
    ys, yd = (slice(0, h - dy), slice(dy, h)) if dy >= 0 else (slice(-dy, h), slice(0, h + dy))
    xs, xd = (slice(0, w - dx), slice(dx, w)) if dx >= 0 else (slice(-dx, w), slice(0, w + dx))
    out[yd, xd] = mask[ys, xs]
    return out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('annotation')
    p.add_argument('segmentation')
    p.add_argument('--shift', nargs=2, type=int, metavar=('DX', 'DY'), default=(0, 0))
    a = p.parse_args(argv)
    gt = read_png(a.annotation) > 0
    seg = shift(read_png(a.segmentation) > 0, *a.shift)
    j = db_eval_iou(gt, seg)
    f, precision, recall, n_fg, n_gt, bound_pix = db_eval_boundary(seg, gt)
    print(f'J {j:.6f}')
    print(f'F {f:.6f}')
    print(f'precision {precision:.6f} recall {recall:.6f} boundary pixels: segmentation {n_fg}, '
          f'annotation {n_gt}; bound_pix {bound_pix}')


if __name__ == '__main__':
    main(sys.argv[1:])
