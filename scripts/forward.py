#!/usr/bin/env python3
"""A kept model's forward pass in numpy, with no mlp-sweep code and no safetensors package: the file
is read by hand (8-byte little-endian header length, JSON header, raw little-endian data).

  python3 scripts/forward.py MODEL.safetensors IMAGES.u8 LABELS.u8
      IMAGES.u8: N x 784 pixel bytes, row-major; LABELS.u8: N label bytes
  prints one JSON line: {"examples": N, "correct": C, "accuracy": C / N, "validation_accuracy": <from the file>}
"""
import json
import sys

import numpy as np

DTYPES = {'F32': '<f4', 'F64': '<f8', 'I32': '<i4', 'I64': '<i8', 'U8': 'u1'}


def read_safetensors(path):
    with open(path, 'rb') as f:
        raw = f.read()
    n = int.from_bytes(raw[:8], 'little')
    header = json.loads(raw[8:8 + n].decode('utf-8'))
    metadata = header.pop('__metadata__', {})
    data = raw[8 + n:]
    tensors = {}
    for name, info in header.items():
        begin, end = info['data_offsets']
        tensors[name] = np.frombuffer(data[begin:end], dtype=DTYPES[info['dtype']]).reshape(info['shape'])
    return tensors, metadata


def main(model_path, images_path, labels_path):
    tensors, metadata = read_safetensors(model_path)
    sizes = [int(s) for s in metadata['sizes'].split(',')]
    labels = np.fromfile(labels_path, dtype=np.uint8)
    x = np.fromfile(images_path, dtype=np.uint8).reshape(len(labels), sizes[0]).astype(np.float32) / np.float32(255)
    layers = len(sizes) - 1
    for l in range(1, layers + 1):
        x = x @ tensors[f'W{l}'].astype(np.float32) + tensors[f'b{l}'].astype(np.float32)
        if l < layers:
            x = np.maximum(x, np.float32(0))
    correct = int((x.argmax(axis=1) == labels).sum())
    print(json.dumps({
        'examples': int(len(labels)),
        'correct': correct,
        'accuracy': correct / len(labels),
        'validation_accuracy': float(metadata['validation_accuracy']) if metadata.get('validation_accuracy') else None,
    }))


if __name__ == '__main__':
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
