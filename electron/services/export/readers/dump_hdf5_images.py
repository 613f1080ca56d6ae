"""Independent reader for the robomimic image observations: writes every uint8 obs/<key>_image array read with h5py
(Debian python3-h5py) to OUTDIR/<demo>__<key>.bin (C order, (N, H, W, 3) bytes) and prints their shapes as JSON.

usage: python3 dump_hdf5_images.py FILE OUTDIR
Output: {demo: {key: {"shape": [...], "dtype": "uint8"}}}
"""
import json
import os
import sys

import h5py


def main(path, outdir):
    out = {}
    with h5py.File(path, "r") as f:
        for demo in f["data"]:
            obs = f["data"][demo]["obs"]
            for key in obs:
                if not key.endswith("_image"):
                    continue
                array = obs[key][()]
                with open(os.path.join(outdir, f"{demo}__{key}.bin"), "wb") as w:
                    w.write(array.tobytes(order="C"))
                out.setdefault(demo, {})[key] = {"shape": list(array.shape), "dtype": str(array.dtype)}
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
