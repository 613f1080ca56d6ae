# Build file for the episcope_mmap addon (node-addon-api, Node-API; ABI-stable across Node and Electron).
# Built by scripts/build-native.mjs; output: build/Release/episcope_mmap.node.
{
  "targets": [
    {
      "target_name": "episcope_mmap",
      "sources": ["mmap.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc": ["-std=c++17", "-Wall", "-Wextra"],
      "conditions": [
        ["OS=='win'", { "type": "none" }]
      ]
    }
  ]
}
