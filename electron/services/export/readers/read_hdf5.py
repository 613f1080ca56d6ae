"""Independent reader for the robomimic HDF5 export: prints a JSON summary read with h5py (Debian python3-h5py).

usage: python3 read_hdf5.py FILE
Output: {"total", "env_args", "demos": {name: {"num_samples", "episode", "obs": {key: shape}, "actions": shape,
"rewards": [...], "dones": [...], "first_action": [...], "segments": {kind: [0|1 per step]}, "chunk_index": [...],
"primitive": [...]}}, "masks": {key: [demo names]}}
"""
import json
import sys

import h5py


def main(path):
    with h5py.File(path, "r") as f:
        data = f["data"]
        out = {"total": int(data.attrs["total"]), "env_args": json.loads(data.attrs["env_args"]), "demos": {}, "masks": {}}
        for name in data:
            demo = data[name]
            out["demos"][name] = {
                "num_samples": int(demo.attrs["num_samples"]),
                "episode": demo.attrs["episcope_episode"] if isinstance(demo.attrs["episcope_episode"], str) else demo.attrs["episcope_episode"].decode(),
                "obs": {key: list(demo["obs"][key].shape) for key in demo["obs"]},
                "obs_dtype": {key: str(demo["obs"][key].dtype) for key in demo["obs"]},
                "actions": list(demo["actions"].shape),
                "rewards": [float(x) for x in demo["rewards"][:]],
                "dones": [int(x) for x in demo["dones"][:]],
                "first_action": [float(x) for x in demo["actions"][0]],
                "segments": {kind: [int(x) for x in demo["segments"][kind][:]] for kind in demo["segments"]} if "segments" in demo else {},
                "chunk_index": [int(x) for x in demo["action_chunks"]["index"][:]] if "action_chunks" in demo else [],
                "primitive": [x.decode("utf-8") if isinstance(x, bytes) else str(x) for x in demo["action_chunks"]["primitive"][:]] if "action_chunks" in demo else [],
            }
        # robomimic reads masks as: [elem.decode("utf-8") for elem in f["mask/<key>"][:]]
        for key in f["mask"]:
            out["masks"][key] = [elem.decode("utf-8") for elem in f["mask"][key][:]]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
